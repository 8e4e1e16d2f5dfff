/** The lint format names alone, so `--help` can list them without loading every formatter. */

/** Format names in the order `--help` lists them; the first is the default. */
export const LINT_FORMAT_NAMES = ['stylish', 'json', 'sarif', 'junit', 'github', 'markdown'] as const;
