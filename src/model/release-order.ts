/** The order of Windows Server releases, for rules and the simulator that change with the release. */
import type { Release } from './host.js';

const RELEASE_RANK: Readonly<Record<Release, number>> = {
  unknown: -1,
  '2008R2': 0,
  '2012': 1,
  '2012R2': 2,
  '2016': 3,
  '2019': 4,
  '2022': 5,
  '2025': 6,
};

/** True when `r` is `min` or later (false when the release is unknown). */
export function atLeast(r: Release, min: Release): boolean {
  return r !== 'unknown' && RELEASE_RANK[r] >= RELEASE_RANK[min];
}
