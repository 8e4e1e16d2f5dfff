/** One lint result that exercises every part of a report, built by the real engine from test rules. */
import { BaselineSet } from '../../src/engine/baseline.js';
import { RuleCatalog } from '../../src/engine/catalog.js';
import { lintHosts } from '../../src/engine/run.js';
import { WaiverSet } from '../../src/engine/waivers.js';
import type { LintResult } from '../../src/engine/types.js';
import { InputError } from '../../src/model/errors.js';
import type { ReportContext } from '../../src/report/context.js';
import { fingerprint } from '../../src/engine/fingerprint.js';
import { makeAdapter, makeHost, testRules } from '../engine/helpers.js';

export const catalog = new RuleCatalog(testRules);

/** The sample's hosts, each name (and file) ending in `suffix`. */
function sampleHosts(suffix: string) {
  const hv02 = makeHost(`HV02${suffix}`, '2022', [makeAdapter("Slot 4 'Port' 1", 'guid-b', false, `fleet/HV02${suffix}/vmq.json`), makeAdapter('NIC1', 'guid-a', false, `fleet/HV02${suffix}/vmq.json`)]);
  hv02.adapters[0].vmq!.at.enabled = { file: `fleet/HV02${suffix}/vmq.json`, line: 12, col: 5, pointer: '/1/Enabled' };
  return [hv02, makeHost(`HV01${suffix}`, '2019', [makeAdapter('NIC1', 'guid-c', false, `fleet/HV01${suffix}/vmq.json`)]), makeHost(`HV03${suffix}`, '2016', [makeAdapter('NIC1', 'guid-d', true)])];
}

/**
 * Three readable hosts (one clean), one unreadable file, a waiver, a baseline entry and stale ones.
 * With `copies` > 1, the fleet repeated under other names (`HV02-1`, `fleet/HV04-1/vmq.json`, ...):
 * the waivers and the baseline still name the first copy only.
 */
export function sampleResult(copies = 1): LintResult {
  const suffixes = Array.from({ length: copies }, (_, i) => (i === 0 ? '' : `-${i}`));
  const hosts = suffixes.flatMap(sampleHosts);
  const waivers = new WaiverSet(
    catalog,
    [
      {
        file: '.vmqlintrc.json',
        pointer: '/waivers',
        locate: (p) => ({ line: 20 + Number(p.split('/')[2] ?? 0), col: 5 }),
        waivers: [
          { rule: 'TEST-VMQ-OFF', host: 'HV01', reason: 'NIC firmware bug, case 123', owner: 'net-team', expires: '2030-12-31' },
          { rule: 'TEST-HOST-INFO', host: 'HV9*', reason: 'retired hosts' },
          { rule: 'TEST-VMQ-OFF', host: 'HV02', reason: 'old exception', expires: '2024-01-31' },
        ],
      },
    ],
    '2025-06-01',
  );
  const baselined = fingerprint('HV02', { kind: 'adapter', name: 'NIC1', id: 'guid-a' }, 'TEST-VMQ-OFF', 'vmq.enabled');
  const baseline = new BaselineSet('vmqlint-baseline.json', [
    { fingerprint: baselined, ruleId: 'TEST-VMQ-OFF', host: 'HV02', target: 'adapter NIC1', message: 'VMQ is disabled on NIC1' },
    { fingerprint: '0'.repeat(64), ruleId: 'TEST-VMQ-OFF', host: 'HV07', target: 'adapter NIC9', message: 'VMQ is disabled on NIC9' },
  ]);
  const failures = suffixes.map((x) => ({ file: `fleet/HV04${x}/vmq.json`, error: new InputError(`fleet/HV04${x}/vmq.json`, 3, 17, "expected ',' or '}' after a property value") }));
  return lintHosts(hosts, failures, {
    rules: catalog,
    tool: { name: 'vmqlint', version: '1.2.3' },
    waivers,
    baseline,
  });
}

export const ctx: ReportContext = { color: false, rules: catalog.rules.map((r) => r.meta), helpUriBase: 'https://example.test/vmqlint' };
