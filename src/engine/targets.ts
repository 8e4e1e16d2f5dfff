/** Targets for findings and diff changes: one hardware-anchored id per object (issue 3). */
import type { Adapter, Host, Team, VNic, VSwitch } from '../model/host.js';
import type { Target } from './types.js';

export function hostTarget(host: Host): Target {
  return { kind: 'host', name: host.name, id: host.name.toLowerCase() };
}

/** Adapter id: InterfaceGuid, else permanent MAC, else PCI location (the model's `id`). */
export function adapterTarget(a: Adapter): Target {
  return { kind: 'adapter', name: a.name, id: a.id };
}

export function switchTarget(s: VSwitch): Target {
  return { kind: 'switch', name: s.name, id: s.id.toLowerCase() };
}

/** A team is identified by its sorted member ids, so renaming the team keeps its identity. */
export function teamTarget(t: Team): Target {
  const ids = t.members.map((m) => m.adapterId.toLowerCase()).sort();
  return { kind: 'team', name: t.name, id: ids.length > 0 ? ids.join('+') : t.id.toLowerCase() };
}

export function vnicTarget(v: VNic): Target {
  return { kind: 'vnic', name: v.vmName ? `${v.vmName}/${v.name}` : v.name, id: v.id.toLowerCase() };
}

/** Characters a script must not carry raw: controls (a line feed would turn into CRLF with the script's line ends), separators. */
const PS_CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

/**
 * Quote a name for PowerShell. Normally single-quoted: a quote is escaped by doubling it, and
 * PowerShell also treats the typographic quotes U+2018-U+201B as single quotes, so they are
 * doubled too. A name holding a control character is written as a double-quoted string whose
 * controls are `$([char]0xN)` subexpressions (they work in Windows PowerShell 5.1, unlike `` `e ``),
 * so the name in the script is exactly the name in the export, whatever its line ends.
 */
export function quotePs(s: string): string {
  if (!PS_CONTROL.test(s)) return `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
  let out = '';
  for (const ch of s) {
    if (PS_CONTROL.test(ch)) out += `$([char]0x${ch.charCodeAt(0).toString(16).toUpperCase()})`;
    // Backtick, dollar and the double quotes PowerShell knows (" and U+201C-U+201E) are escaped with a backtick.
    else if (/[`$"\u201C\u201D\u201E]/.test(ch)) out += `\`${ch}`;
    else out += ch;
  }
  return `"${out}"`;
}
