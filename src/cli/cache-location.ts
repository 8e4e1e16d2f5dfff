/** `--cache-location`'s default, relative to the working directory (as ESLint's .eslintcache); light, for --help. */
export const DEFAULT_CACHE_LOCATION = '.vmqlintcache';
