/**
 * Parser for the text `reg query <key> /s` prints (https://learn.microsoft.com/windows-server/administration/windows-commands/reg-query): a key path on its own line,
 * then its values indented by four spaces as `name    REG_TYPE    data`.
 *
 * Choices:
 * - A value line is split on the first `    REG_<TYPE>` followed by four spaces or the end of the
 *   line, so a name holding four spaces still parses; a name that itself holds `    REG_SZ    `
 *   cannot be told apart and is split there.
 * - The unnamed value is printed as `(Default)`, localised (`(Standard)`, `(Par défaut)`...). The
 *   first value of a key block whose whole name is in parentheses is taken as the default value
 *   (name ""); a later one in the same block is an ordinary value. Its printed name stays in
 *   `at.pointer`.
 * - REG_MULTI_SZ items are split on the literal `\0` reg.exe prints, so an item that contains
 *   the two characters `\0` cannot be told apart.
 * - `End of search: N match(es) found.` is skipped; so is any other last line that is not a key
 *   and holds a number (the localised footer). Any other unindented line that is not a key path
 *   is an error.
 * - A type name reg.exe may print that has no RegType (e.g. REG_UNKNOWN) is listed in `unknown`.
 * - OEM code-page output is decoded by the shared decoder (UTF-8, else Windows-1252): non-ASCII
 *   characters of OEM 437/850 output may come out wrong; ASCII, which keywords are, is exact.
 */
import type { RegType, UnknownItem } from '../model/host.js';
import type { ParsedFile, RegValue } from '../model/records.js';
import { head } from './decode.js';
import { LineCursor } from './registry.js';
import { type KeyHandle, type RegParseOptions, RegKeyCollector, rootLengthAt } from './registry-paths.js';

const KEY_LINE = /^(?:HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKU|HKCC)(?:\\|$)/i;
const VALUE_LINE = /^(?: {4}|\t).*? {4}REG_[A-Z0-9_]+(?: {4}|$)/;

/** True when the text starts with a key path followed (within a few lines) by a value line. */
export function looksLikeRegQuery(text: string): boolean {
  const lines = head(text, 4096).split(/\r?\n/, 64);
  if (!KEY_LINE.test(lines[0] ?? '')) return false;
  return lines.some((l) => VALUE_LINE.test(l));
}

/** Parse decoded `reg query /s` output into one RegKeyRecord per key. Throws InputError. */
export function parseRegQuery(text: string, file: string, encoding: string, options?: RegParseOptions): ParsedFile {
  return new RegQueryParser(text, file, options).parse(encoding);
}

const KNOWN_TYPES = new Set<string>([
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
]);
/** reg.exe's aliases for the little-endian number types. */
const ALIASES: Record<string, RegType> = {
  REG_DWORD_LITTLE_ENDIAN: 'REG_DWORD',
  REG_QWORD_LITTLE_ENDIAN: 'REG_QWORD',
};

const TYPE_TOKEN = / {4}(REG_[A-Z0-9_]+)(?= {4}|$)/g;
const PAREN_NAME = /^\(.+\)$/;
const DWORD = /^0x[0-9a-f]{1,8}$/i;
const QWORD = /^0x[0-9a-f]{1,16}$/i;

class RegQueryParser extends LineCursor {
  private readonly keys: RegKeyCollector;
  private readonly unknown: UnknownItem[] = [];

  constructor(text: string, file: string, options?: RegParseOptions) {
    super(text, file);
    this.keys = new RegKeyCollector(options);
  }

  parse(encoding: string): ParsedFile {
    let key: { handle: KeyHandle; path: string; sawDefault: boolean } | undefined;
    while (this.nextLine()) {
      const i = this.skipBlanks(this.lineStart);
      if (i === this.lineEnd) continue;
      if (i > this.lineStart) {
        if (key === undefined) this.fail(i, `expected a key path line (HKEY_...) before the first value`);
        this.valueLine(key);
        continue;
      }
      if (rootLengthAt(this.text, i, this.lineEnd) > 0) {
        const path = this.text.slice(i, this.lineEnd).replace(/[ \t]+$/, '');
        key = { handle: this.keys.beginKey(path, this.loc(i, path)), path, sawDefault: false };
        continue;
      }
      const line = this.text.slice(i, this.lineEnd);
      if (line.startsWith('End of search:') || (/\d/.test(line) && this.restIsBlank())) continue;
      this.fail(i, `expected a key path (HKEY_...) or a value line indented by four spaces`);
    }
    const done = this.keys.finish();
    return {
      file: this.file,
      format: 'regquery',
      encoding,
      objects: [],
      regKeys: done.regKeys,
      lossy: [],
      unknown: [...this.unknown, ...done.unknown],
    };
  }

  private valueLine(key: { handle: KeyHandle; path: string; sawDefault: boolean }): void {
    const t = this.text;
    const line = t.slice(this.lineStart, this.lineEnd);
    const nameStart = line.startsWith('    ') ? 4 : line.startsWith('\t') ? 1 : this.skipBlanks(this.lineStart) - this.lineStart;
    TYPE_TOKEN.lastIndex = nameStart + 1;
    const m = TYPE_TOKEN.exec(line);
    if (m === null) {
      this.fail(this.lineEnd, `expected '    REG_<type>' after the value name`);
    }
    const printed = line.slice(nameStart, m.index);
    const token = m[1];
    const dataStart = m.index + 4 + token.length + (m.index + 4 + token.length < line.length ? 4 : 0);
    const data = line.slice(dataStart);
    let name = printed;
    if (!key.sawDefault && PAREN_NAME.test(printed)) {
      key.sawDefault = true;
      name = '';
    }
    const at = this.loc(this.lineStart + nameStart, `${key.path}\\${printed}`);
    const type: RegType | undefined = KNOWN_TYPES.has(token) ? (token as RegType) : ALIASES[token];
    if (type === undefined) {
      this.unknown.push({ kind: 'value', name: printed, context: `${key.path}: type ${token} not understood`, count: 1, at });
      return;
    }
    const col = this.lineStart + dataStart;
    const v: RegValue = { name, type, value: '', at };
    switch (type) {
      case 'REG_SZ':
      case 'REG_EXPAND_SZ':
        v.value = data;
        break;
      case 'REG_DWORD':
      case 'REG_DWORD_BIG_ENDIAN':
        if (!DWORD.test(data)) this.fail(col, `expected 0x and 1 to 8 hex digits for ${token}`);
        v.value = String(parseInt(data.slice(2), 16));
        break;
      case 'REG_QWORD':
        if (!QWORD.test(data)) this.fail(col, `expected 0x and 1 to 16 hex digits for ${token}`);
        v.value = BigInt(data).toString();
        break;
      case 'REG_MULTI_SZ': {
        const items = data === '' ? [] : data.split('\\0');
        if (items.length > 1 && items[items.length - 1] === '') items.pop();
        v.items = items;
        v.value = items.join('\n');
        break;
      }
      default: {
        const bad = data.search(/[^0-9a-fA-F]/);
        if (bad >= 0) this.fail(col + bad, `expected hex digits for ${token}`);
        if (data.length % 2 !== 0) this.fail(col + data.length, `expected an even number of hex digits for ${token}`);
        v.value = data.toLowerCase();
      }
    }
    this.keys.addValue(key.handle, v);
  }
}
