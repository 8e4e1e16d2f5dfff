/**
 * Property tests for hostile names and numbers: keywords and property names drawn to include
 * Object.prototype members and lone surrogates are data (never crash, never vanish), and an
 * exported integer is either read exactly or listed as invalid, never silently absent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/ingest/load.js';
import { lintHosts } from '../../src/engine/run.js';
import { hasLoneSurrogate } from '../../src/ingest/lone-surrogates.js';
import { loadRules } from '../../rules/index.js';

const GUID = '{11111111-1111-1111-1111-111111111111}';
const tool = { name: 'vmqlint', version: 'test' };

/** Names an attacker would try, with a lone surrogate now and then, and plain ones. */
const hostileName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', '*VMQ', '*RssBaseProcNumber') },
  { weight: 1, arbitrary: fc.constantFrom('\ud800', 'a\udc00b', 'x\ud83d') },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '') },
);

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2));

describe('hostile keywords and property names', () => {
  it('every RegistryKeyword is an own advanced property, and all rules run', { timeout: 60_000 }, async () => {
    const rules = await loadRules();
    fc.assert(
      fc.property(fc.uniqueArray(hostileName, { minLength: 1, maxLength: 6, selector: (s) => s.trim().toLowerCase() }), (keywords) => {
        const rows = keywords.map((k) => ({ Name: 'NIC1', InterfaceDescription: 'NIC one', RegistryKeyword: k, RegistryValue: ['1'], DisplayValue: 'On', PSComputerName: 'HV01' }));
        const vmq = [{ Name: 'NIC1', InterfaceDescription: 'NIC one', InterfaceGuid: GUID, Enabled: true, BaseProcessorNumber: 2, MaxProcessors: 4, PSComputerName: 'HV01' }];
        const r = loadFiles([{ path: 'HV01/Get-NetAdapterAdvancedProperty.json', bytes: json(rows) }, { path: 'HV01/Get-NetAdapterVmq.json', bytes: json(vmq) }], 'HV01');
        expect(r.failures).toEqual([]);
        const a = r.hosts[0].adapters.find((x) => x.name === 'NIC1')!;
        for (const k of keywords) {
          const key = k.trim().toLowerCase();
          expect(Object.hasOwn(a.advanced, key)).toBe(true);
          expect(a.advanced[key].keyword).toBe(k.trim());
        }
        expect(Object.getPrototypeOf(a.advanced)).toBeNull();
        // A lone surrogate in a keyword is listed as lossy with its place.
        if (keywords.some((k) => hasLoneSurrogate(k))) expect(r.hosts[0].lossy.some((l) => /lone UTF-16 surrogate/.test(l.reason))).toBe(true);
        const res = lintHosts(r.hosts, r.failures, { rules, tool });
        expect(res.hosts.map((h) => h.name)).toEqual(['HV01']);
      }),
      { numRuns: 60 },
    );
  });

  it('every property name an object carries is mapped or listed, never dropped', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostileName, { minLength: 1, maxLength: 6, selector: (s) => s.toLowerCase() }), (names) => {
        const known = new Set(['name', 'interfacedescription', 'interfaceguid', 'enabled', 'pscomputername']);
        const extra = names.filter((n) => !known.has(n.toLowerCase()) && !n.startsWith('*') && !/^(cim|ps)/i.test(n));
        const row: Record<string, unknown> = { Name: 'NIC1', InterfaceDescription: 'NIC one', InterfaceGuid: GUID, Enabled: true, PSComputerName: 'HV01' };
        // JSON.stringify writes "__proto__" as an ordinary member only when it is an own property.
        for (const n of extra) Object.defineProperty(row, n, { value: 7, enumerable: true });
        const r = loadFiles([{ path: 'HV01/Get-NetAdapterVmq.json', bytes: json([row]) }], 'HV01');
        expect(r.failures).toEqual([]);
        const listed = new Set(r.hosts[0].unknown.filter((u) => u.kind === 'property').map((u) => u.name));
        // Every property is counted, as mapped or as not understood: none vanishes.
        const src = r.hosts[0].sources[0];
        expect(src.propertiesMapped + src.propertiesUnknown).toBe(5 + extra.length);
        // Object.prototype member names are never taken for a mapped property.
        for (const n of extra.filter((x) => ['__proto__', 'constructor', 'tostring', 'valueof', 'hasownproperty'].includes(x.toLowerCase()))) expect(listed.has(n)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('exported integers', () => {
  /** Number texts as a JSON export could hold them: integers, fractions, huge and tiny. */
  const numberText = fc.oneof(
    fc.integer({ min: 0, max: 4096 }).map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 70n }).map(String),
    fc.constantFrom('1e400', '-1e400', '8.5', '1E2', '0.0', '18446744073709551617'),
  );

  it('BaseProcessorNumber is read exactly, or listed as invalid and no set is computed', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(numberText, (text) => {
        const body = `[{"Name": "NIC1", "InterfaceDescription": "NIC one", "InterfaceGuid": "${GUID}", "Enabled": true, "MaxProcessors": 4, "PSComputerName": "HV01", "BaseProcessorNumber": ${text}}]`;
        const r = loadFiles([{ path: 'HV01/Get-NetAdapterVmq.json', bytes: new TextEncoder().encode(body) }], 'HV01');
        const vmq = r.hosts[0].adapters[0].vmq!;
        const n = Number(text);
        if (Number.isSafeInteger(n) && !/[.eE]/.test(text)) {
          expect(vmq.baseProcessorNumber).toBe(n);
          expect(vmq.invalid).toBeUndefined();
        } else if (Number.isSafeInteger(n)) {
          // 1E2 or 0.0: an integer written as a JSON number with an exponent or fraction reads as that integer.
          expect(vmq.baseProcessorNumber).toBe(n);
        } else {
          expect(vmq.baseProcessorNumber).toBeUndefined();
          expect(vmq.invalid?.baseProcessorNumber?.value).toBe(text);
          expect(r.hosts[0].unknown.some((u) => u.kind === 'value' && u.name.startsWith(`BaseProcessorNumber ${vmq.invalid!.baseProcessorNumber.value} is not a valid value`))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
