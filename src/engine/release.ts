/**
 * How a release is written for people: "Windows Server 2012 R2", as Microsoft writes it. The model
 * keeps the compact codes ("2012R2") for ids, tables and JSON; prose and headings use these.
 */
import type { Release } from '../model/host.js';

/** "2012 R2" for "2012R2"; other codes as they are. */
export function releaseShort(r: Release | string): string {
  return r.replace(/R2$/, ' R2');
}

/** "Windows Server 2012 R2"; `unknown` as given (e.g. "an unknown release"). */
export function releaseName(r: Release | string, unknown = 'an unknown release'): string {
  return r === 'unknown' ? unknown : `Windows Server ${releaseShort(r)}`;
}

/** "Windows Server 2012 R2, 2016, 2019": the known releases in the order given; unknown as a note. */
export function releaseList(rs: readonly (Release | string)[]): string {
  const known = rs.filter((r) => r !== 'unknown').map(releaseShort);
  if (known.length === 0) return 'hosts whose release is unknown';
  return `Windows Server ${known.join(', ')}${rs.includes('unknown') ? ' (and hosts whose release is unknown)' : ''}`;
}
