/**
 * Property tests for the positioned JSON parser: for generated documents its values are
 * JSON.parse's (integers beyond 2^53 and numbers beyond a double keep their text), every position
 * points at the node's first character, and trees, layout counts and errors (also for damaged
 * text, and with parts left unbuilt by `keep`) are those of the parser it replaced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonDocument, type JKeep, type JNode } from '../../src/ingest/json-syntax.js';
import { InputError } from '../../src/model/errors.js';
import { parseJsonDocument as oracleParse, type JNode as OracleNode } from './oracle/json-syntax-v1.js';
import { genDamage, genExport, genLayout, genValue, writeJson } from './json-gen.js';

/** 1-based line and column of an offset, counting lines at `\n` as the parser does. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

const FIRST: Record<JNode['kind'], RegExp> = { object: /^\{/, array: /^\[/, string: /^"/, number: /^[-0-9]/, boolean: /^(true|false)/, null: /^null/ };

/** Checks a node against JSON.parse's value of the same text, and its position. */
function expectNode(text: string, node: JNode, expected: unknown): void {
  expect(lineCol(text, node.offset)).toEqual({ line: node.line, col: node.col });
  expect(text.slice(node.offset)).toMatch(FIRST[node.kind]);
  switch (node.kind) {
    case 'object': {
      expect(typeof expected === 'object' && expected !== null && !Array.isArray(expected)).toBe(true);
      const want = expected as Record<string, unknown>;
      const last = new Map<string, JNode>();
      for (const m of node.members) {
        expect(lineCol(text, m.keyAt.offset)).toEqual({ line: m.keyAt.line, col: m.keyAt.col });
        expect(text[m.keyAt.offset]).toBe('"');
        last.set(m.key, m.value);
      }
      // JSON.parse keeps the last of repeated names.
      expect([...last.keys()].sort()).toEqual(Object.keys(want).sort());
      for (const [k, v] of last) expectNode(text, v, want[k]);
      return;
    }
    case 'array':
      expect(Array.isArray(expected)).toBe(true);
      expect(node.items.length).toBe((expected as unknown[]).length);
      node.items.forEach((item, i) => expectNode(text, item, (expected as unknown[])[i]));
      return;
    case 'number':
      if (typeof node.value === 'string') {
        // Kept as text only when a double would change it: an unsafe integer or no finite number.
        expect(text.startsWith(node.value, node.offset)).toBe(true);
        expect(!Number.isFinite(Number(node.value)) || (/^-?\d+$/.test(node.value) && !Number.isSafeInteger(Number(node.value)))).toBe(true);
        expect(Number(node.value)).toBe(expected);
      } else {
        expect(node.value).toBe(expected);
        // An integer literal read as a number must be one a double holds exactly.
        const literal = /^-?\d+(?![.eE\d])/.exec(text.slice(node.offset));
        if (literal) expect(Number.isSafeInteger(node.value)).toBe(true);
      }
      return;
    case 'string':
      if (node.date) expect(expected).toMatch(/^\/Date\(/);
      else expect(node.value).toBe(expected);
      return;
    case 'boolean':
      expect(node.value).toBe(expected);
      return;
    case 'null':
      expect(expected).toBeNull();
  }
}

/** What parsing gives, as comparable data: the tree and layout, or the error message. */
function outcome(parse: () => { root: unknown; layout: unknown }): unknown {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: e.message };
  }
}

const KEEP: ReadonlyMap<string, JKeep> = new Map<string, JKeep>([
  ['cimclass', { members: new Set(['cimclassname', 'cimsystemproperties']) }],
  ['ciminstanceproperties', { scalarItems: true }],
  ['name', { scalarItems: true, members: new Set(['value']) }],
]);

/** The full tree cut as `keep` says, to compare with a parse that never built the rest. */
function pruned(node: OracleNode, keep: JKeep | undefined): OracleNode {
  if (node.kind === 'object') {
    const members = node.members
      .filter((m) => keep?.members === undefined || keep.members.has(m.key.toLowerCase()))
      .map((m) => ({ ...m, value: pruned(m.value, KEEP.get(m.key.toLowerCase())) }));
    return { ...node, members };
  }
  if (node.kind === 'array') {
    const items = node.items.filter((i) => keep?.scalarItems !== true || (i.kind !== 'object' && i.kind !== 'array')).map((i) => pruned(i, undefined));
    return { ...node, items };
  }
  return node;
}

const anyDocument = fc.tuple(fc.oneof(genValue, genExport), genLayout).map(([v, l]) => writeJson(v, l));

describe('parseJsonDocument', () => {
  it("gives JSON.parse's values, and every position points at the node's first character", () => {
    fc.assert(
      fc.property(anyDocument, (text) => {
        expectNode(text, parseJsonDocument(text, 'p.json').root, JSON.parse(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the same tree, layout counts and errors as the parser it replaced, for whole and damaged text', () => {
    fc.assert(
      fc.property(anyDocument, fc.array(genDamage, { maxLength: 2 }), (text, damage) => {
        const t = damage.reduce((s, d) => d(s), text);
        const want = outcome(() => oracleParse(t, 'p.json'));
        expect(outcome(() => parseJsonDocument(t, 'p.json'))).toStrictEqual(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('with keep, builds exactly the kept parts of the same tree, with the same layout and the same errors', () => {
    fc.assert(
      fc.property(anyDocument, fc.array(genDamage, { maxLength: 2 }), (text, damage) => {
        const t = damage.reduce((s, d) => d(s), text);
        const full = outcome(() => oracleParse(t, 'p.json')) as { root?: OracleNode; layout?: unknown; error?: string };
        const want = full.root === undefined ? full : { root: pruned(full.root, undefined), layout: full.layout };
        expect(outcome(() => parseJsonDocument(t, 'p.json', { keep: KEEP }))).toStrictEqual(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('reports the same errors as before for hand-picked damage', () => {
    const cases = [
      '',
      '   ',
      '{"a":  tru}',
      '{"a": nul',
      '[fals]',
      '{"a" 1}',
      '{"a": 1,}',
      '[1,]',
      '[',
      '{"CimClass": {"x": [1, "\\q"]}}',
      '{"CimClass": {"x": "a\nb"}}',
      '{"CimInstanceProperties": [{"a": 01}]}',
      '{"CimInstanceProperties": [{"a": -}]}',
      '{"CimClass": {"x": 1.e5}}',
      '{"CimClass": {"x": 1e}}',
      '"\\u12G4"',
      '"abc',
      '"a\u0001"',
      '{"CimClass": {"x": "\\/Date(1)\\/"}}',
      '123456789012345678901234567890',
      '-0',
      '{"a": 1} x',
      '\uFEFF{"a": 1}',
      `${'['.repeat(600)}${']'.repeat(600)}`,
      `{"CimClass": ${'['.repeat(600)}${']'.repeat(600)}}`,
      `{"CimInstanceProperties": ${'['.repeat(600)}${']'.repeat(600)}}`,
    ];
    for (const text of cases) {
      const want = outcome(() => oracleParse(text, 'p.json'));
      expect(outcome(() => parseJsonDocument(text, 'p.json')), text).toStrictEqual(want);
      const kept = outcome(() => parseJsonDocument(text, 'p.json', { keep: KEEP })) as { error?: string };
      if ('error' in (want as object)) expect(kept, text).toStrictEqual(want);
    }
  });
});
