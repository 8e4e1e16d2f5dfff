/**
 * Link speed classes (domain.md 2: the vSwitch treats 10 Gbps and faster differently from slower
 * links). The speed comes from Get-NetAdapter, else from a forced `*SpeedDuplex` in Mbps.
 */
import type { Adapter, Loc } from '../../src/model/host.js';
import { advanced, parseNumber } from './keywords.js';

export const TEN_GBPS = 10_000_000_000;

export interface LinkSpeed {
  bps: number;
  source: 'Get-NetAdapter' | '*SpeedDuplex';
  at?: Loc;
}

/** The adapter's link speed, when it can be told. */
export function linkSpeed(a: Adapter): LinkSpeed | undefined {
  if (a.linkSpeedBps !== undefined && a.linkSpeedBps > 0) {
    return { bps: a.linkSpeedBps, source: 'Get-NetAdapter', at: a.at['linkSpeedBps'] ?? a.at['linkSpeed'] };
  }
  // Codes 0-10 are an enumeration; values of 1000 and more are a forced speed in Mbps (domain.md 1.3 [D6]).
  const sd = advanced(a, '*SpeedDuplex');
  const mbps = parseNumber(sd?.value);
  if (sd && mbps !== undefined && mbps >= 1000) return { bps: mbps * 1_000_000, source: '*SpeedDuplex', at: sd.at };
  return undefined;
}

/** 'fast' at 10 Gbps or more, 'slow' below, 'unknown' when the speed is not known. */
export function speedClass(a: Adapter): 'fast' | 'slow' | 'unknown' {
  const s = linkSpeed(a);
  if (!s) return 'unknown';
  return s.bps >= TEN_GBPS ? 'fast' : 'slow';
}

/** "10 Gbps", "2.5 Gbps", "100 Mbps", as Get-NetAdapter prints LinkSpeed. */
export function formatSpeed(bps: number): string {
  if (bps >= 1e9) return `${+(bps / 1e9).toFixed(1)} Gbps`;
  if (bps >= 1e6) return `${+(bps / 1e6).toFixed(1)} Mbps`;
  return `${bps} bps`;
}
