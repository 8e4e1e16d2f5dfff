/**
 * `json` for `vmqlint simulate` (schemaVersion 1): summary, lps, vms, events as the issue
 * publishes them, then the context a reader needs to trust the numbers (uplinks, the queue map,
 * parameters with their sources, assumptions). The over-time series stay in the HTML page.
 */
import type { SimComparison } from '../sim/compare.js';
import type { SimResult } from '../sim/types.js';

/** The simulation as a JSON document. */
export function formatSimJson(r: SimResult): string {
  const doc = {
    schemaVersion: r.schemaVersion,
    host: r.host,
    release: r.release,
    durationSeconds: r.durationSeconds,
    tickMs: r.tickMs,
    steadyFromSeconds: r.steadyFromSeconds,
    summary: r.summary,
    lps: r.lps,
    vms: r.vms.map((v) => ({
      vm: v.vm,
      vnic: v.vnic,
      queue: v.queue,
      lp: v.lp,
      offeredGbps: v.offeredGbps,
      deliveredGbps: v.deliveredGbps,
      limitedBy: v.limitedBy,
      lps: v.lps,
      uplink: v.uplink,
      vnicId: v.vnicId,
      isManagementOs: v.isManagementOs,
      ...(v.defaultReason ? { defaultReason: v.defaultReason } : {}),
    })),
    events: r.events,
    uplinks: r.uplinks,
    queues: r.queues,
    params: r.params,
    assumptions: r.assumptions,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** `simulate --compare` as JSON. */
export function formatSimCompareJson(cmp: SimComparison): string {
  return JSON.stringify({ schemaVersion: 1, ...cmp }, null, 2) + '\n';
}
