/**
 * Link speed classes (the vSwitch treats 10 Gbps and faster differently from slower
 * links). The speed comes from Get-NetAdapter, else from a forced `*SpeedDuplex` in Mbps.
 */
import type { Adapter } from '../../src/model/host.js';
import { linkSpeed, TEN_GBPS } from '../../src/model/vmq-state.js';

// One definition of the speed classes and of reading a link speed, shared with the simulator.
export { linkSpeed, TEN_GBPS, type LinkSpeed } from '../../src/model/vmq-state.js';

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
