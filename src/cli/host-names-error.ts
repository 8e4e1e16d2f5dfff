/**
 * An input or usage error that may name hosts (a traffic profile that does not fit one), with
 * those hosts' names attached, so `--redact` can hide them in the message even when the error
 * comes from a worker thread or a fleet-wide check.
 */

/** The error, carrying `names` too. */
export function withHostNames<E extends Error>(err: E, names: readonly string[]): E {
  (err as E & { hostNames?: string[] }).hostNames = [...((err as E & { hostNames?: string[] }).hostNames ?? []), ...names];
  return err;
}

/** The host names an error carries (withHostNames). */
export function hostNamesOf(err: unknown): string[] {
  return (err as { hostNames?: string[] } | null)?.hostNames ?? [];
}
