import { describe, expect, it } from 'vitest';
import { internStrings } from '../../src/cli/intern.js';

describe('internStrings', () => {
  it('keeps the values and shares one copy of each short string across outcomes', () => {
    const table = new Map<string, string>();
    const a = internStrings({ ruleId: 'jumbo-mismatch', rules: ['a', 'b'], n: 1, nested: [{ s: 'x' }], none: null }, table);
    const b = internStrings(JSON.parse('{"ruleId":"jumbo-mismatch","rules":["a","b"]}'), table);
    expect(a).toEqual({ ruleId: 'jumbo-mismatch', rules: ['a', 'b'], n: 1, nested: [{ s: 'x' }], none: null });
    expect(b).toEqual({ ruleId: 'jumbo-mismatch', rules: ['a', 'b'] });
    expect([...table.keys()].sort()).toEqual(['a', 'b', 'jumbo-mismatch', 'x']);
  });

  it('leaves long strings (messages) out of the table', () => {
    const table = new Map<string, string>();
    const long = 'm'.repeat(200);
    expect(internStrings([long], table)).toEqual([long]);
    expect(table.size).toBe(0);
  });
});
