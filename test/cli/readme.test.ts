/**
 * The README's config and waiver examples must stay valid against the schemas and the real
 * catalog, and every vmqlint command line it shows (CI recipes included) must use real options.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { commands } from '../../src/cli/commands.js';
import { LINT_FORMAT_NAMES } from '../../src/report/lint-formats.js';
import { RuleCatalog } from '../../src/engine/catalog.js';
import { RuleSettings, validateConfig } from '../../src/engine/config.js';
import { validateWaiversFile, WaiverSet } from '../../src/engine/waivers.js';

// The README and the reference pages it links: the examples and command lines of all of them are checked.
const root = join(import.meta.dirname, '..', '..');
const readme = ['README.md', 'docs/inputs.md', 'docs/linting.md', 'docs/simulating.md', 'docs/diff.md', 'docs/design.md']
  .map((f) => readFileSync(join(root, f), 'utf8'))
  .join('\n');

function jsonBlockAfter(heading: string): unknown {
  const at = readme.indexOf(heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const m = /```json\n([\s\S]*?)\n```/.exec(readme.slice(at));
  return JSON.parse(m![1]) as unknown;
}

describe('README examples', async () => {
  const catalog = new RuleCatalog(await loadRules());
  it('the .vmqlintrc.json example is valid, rule ids and options included', () => {
    const cfg = validateConfig(jsonBlockAfter('### Configuration'), 'README.md');
    expect(() => RuleSettings.fromConfig(catalog, cfg, 'README.md')).not.toThrow();
    expect(() => new WaiverSet(catalog, [{ file: 'README.md', pointer: '/waivers', waivers: cfg.waivers ?? [] }], '2025-01-01')).not.toThrow();
  });
  it('the waivers example is valid', () => {
    const waivers = validateWaiversFile(jsonBlockAfter('### Waivers'), 'README.md');
    expect(() => new WaiverSet(catalog, [{ file: 'README.md', pointer: '/waivers', waivers }], '2025-01-01')).not.toThrow();
  });
});

/** `vmqlint <command> ...` lines of the README's shell and YAML blocks, continuation lines joined. */
function commandLines(): string[] {
  const blocks = [...readme.matchAll(/```(?:sh|yaml)\n([\s\S]*?)\n```/g)].map((m) => m[1]);
  const out: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    const joined: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      // A YAML folded scalar (`- run: >`) continues on the lines indented deeper than its key.
      if (/:\s*>\s*$/.test(line)) {
        const indent = line.search(/\S/);
        const body: string[] = [];
        while (i + 1 < lines.length && lines[i + 1].search(/\S/) > indent + 2) body.push(lines[++i].trim());
        line = body.join(' ');
      }
      joined.push(line);
    }
    for (const line of joined) {
      const m = /(?:npx )?vmqlint (\S+)(.*)$/.exec(line.replace(/#.*$/, '').trim());
      if (m) out.push(`${m[1]}${m[2]}`.trim());
    }
  }
  return out;
}

describe('README command lines', () => {
  const program = new Command('vmqlint');
  for (const register of commands) register(program, () => undefined);
  const optionsOf = (name: string): string[] => {
    const cmd = program.commands.find((c) => c.name() === name);
    expect(cmd, `README runs 'vmqlint ${name}', which is no command`).toBeDefined();
    return cmd!.options.flatMap((o) => [o.long, o.short]).filter((x): x is string => x !== undefined);
  };
  const lines = commandLines();

  it('shows lint in the CI recipes for GitHub Actions and Azure DevOps', () => {
    const ci = readme.slice(readme.indexOf('## CI recipes'), readme.indexOf('## Limits and what comes next'));
    expect(ci).toContain('### GitHub Actions');
    expect(ci).toContain('### Azure DevOps');
    expect(ci).toContain('github/codeql-action/upload-sarif');
    expect(ci).toContain('PublishTestResults');
    expect(lines.filter((l) => l.startsWith('lint ')).length).toBeGreaterThanOrEqual(5);
  });

  it('creates every baseline file a CI recipe reads (a missing --baseline file is exit 2)', () => {
    const read = lines.flatMap((l) => [...l.matchAll(/--baseline (\S+)/g)].map((m) => m[1]));
    const written = new Set(lines.flatMap((l) => [...l.matchAll(/--write-baseline (\S+)/g)].map((m) => m[1])));
    expect(read.length).toBeGreaterThan(0);
    for (const file of read) expect(written, `README reads --baseline ${file} but never shows --write-baseline ${file}`).toContain(file);
  });

  it('uses only commands and options that exist, and format names the lint command knows', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const [name, ...args] = line.split(/\s+/);
      const known = optionsOf(name);
      for (const [i, arg] of args.entries()) {
        if (!arg.startsWith('-')) continue;
        expect(known, `'${line}': ${arg}`).toContain(arg.split('=')[0]);
        if (name === 'lint' && arg === '--format') expect(LINT_FORMAT_NAMES as readonly string[], line).toContain(args[i + 1].split('=')[0]);
      }
    }
  });

  it("lists only real lint options in the options table", () => {
    const table = readme.slice(readme.indexOf('| Option | Meaning |'), readme.indexOf('### Exit codes'));
    const flags = [...table.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1]);
    expect(flags.length).toBeGreaterThan(15);
    const known = optionsOf('lint');
    for (const f of flags) expect(known, f).toContain(f);
  });
});
