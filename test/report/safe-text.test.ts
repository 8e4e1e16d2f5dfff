import { describe, expect, it } from 'vitest';
import { lintHosts } from '../../src/engine/run.js';
import { formatGithub } from '../../src/report/github.js';
import { formatShowText } from '../../src/report/show-text.js';
import { formatStylish } from '../../src/report/stylish.js';
import { safeText } from '../../src/report/safe-text.js';
import { makeAdapter, makeHost, testRules } from '../engine/helpers.js';

const ctx = { toolName: 'vmqlint', toolVersion: '9.9.9', color: false } as unknown as Parameters<typeof formatStylish>[1];

/** A host whose names try to drive the reader: a CI command on its own line, escapes, bidi. */
function hostileHost() {
  const nic = makeAdapter('NIC\n::error file=x.yml,line=1::pwned', 'guid-1', false);
  const host = makeHost('::warning::HV\u001b]0;title\u0007\u202e01', '2019', [nic]);
  return host;
}

describe('safeText', () => {
  it('escapes controls (but line feeds and colour), and neutralises CI command lines', () => {
    expect(safeText('a\u001b[2Jb\rc\u202ed')).toBe('a\\x1B[2Jb\\x0Dc\\u202Ed');
    expect(safeText('\u001b[31mred\u001b[39m')).toBe('\u001b[31mred\u001b[39m');
    expect(safeText('ok\n::error::x\n  ##vso[task.setvariable]y\n## Heading\n##[group]z')).toBe('ok\n\\::error::x\n\\  ##vso\\[task.setvariable]y\n## Heading\n\\##[group]z');
    expect(safeText('plain text, names and ## headings')).toBe('plain text, names and ## headings');
  });

  it('keeps hostile names from starting a command line or an escape in stylish and show', () => {
    const r = lintHosts([hostileHost()], [], { rules: testRules, tool: { name: 'vmqlint', version: '9.9.9' } });
    for (const text of [formatStylish(r, ctx), formatShowText({ hosts: [hostileHost()], failures: [], skipped: [] }, false)]) {
      for (const line of text.split('\n')) expect(line, line).not.toMatch(/^\s*(::|##vso\[|##\[)/);
      expect(text).not.toMatch(/[\u0007\u001b\u202e]/);
    }
  });

  it('the github format escapes newlines and ##vso[ in data', () => {
    const host = hostileHost();
    host.adapters[0].name = 'NIC ##vso[task.complete result=Succeeded]';
    const r = lintHosts([host], [], { rules: testRules, tool: { name: 'vmqlint', version: '9.9.9' } });
    const out = formatGithub(r);
    expect(out).not.toMatch(/##vso\[/);
    // Every line is one of vmqlint's own annotations or its summary: the name's line feed stayed data.
    for (const line of out.split('\n').filter((l) => l.length > 0)) expect(line).toMatch(/^(::(error|warning|notice) |vmqlint: )/);
    expect(out).toContain('file=fleet/NIC%0A%3A%3Aerror file=x.yml%2Cline=1%3A%3Apwned.json');
    expect(out).not.toMatch(/[\u0007\u001b\u202e]/);
    expect(out).toContain('HV\\x1B]0;title\\x07\\u202E01');
  });
});
