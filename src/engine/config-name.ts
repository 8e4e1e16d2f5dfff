/**
 * The config file's name, alone in a module that imports nothing, so `--help` can print it
 * without loading the config validator (ajv) behind src/engine/config.ts.
 */

/** The config file's name, looked up from the working directory upward. */
export const CONFIG_FILE_NAME = '.vmqlintrc.json';
