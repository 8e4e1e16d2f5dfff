/**
 * Turn ajv errors into one `file:line:col: key: expected ...` InputError that names the key, so a
 * user can fix a config, waivers or baseline file without reading JSON Schema output.
 */
import { InputError } from '../model/errors.js';
import type { ErrorObject, ValidateFunction } from '../model/ajv.js';

/** Where a JSON pointer's value (or key) starts in the file; undefined when unknown. */
export type Locator = (pointer: string, key?: boolean) => { line: number; col: number } | undefined;

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `/rules/VMQ001/1/max` -> `rules.VMQ001[1].max`; the root is `(root)`. */
export function keyPath(pointer: string, prefix = ''): string {
  let out = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    const token = unescapePointer(raw);
    if (/^\d+$/.test(token)) out += `[${token}]`;
    else out += out === '' ? token : `.${token}`;
  }
  return out === '' ? '(root)' : out;
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v))).join(', ');
}

function expectation(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'enum':
      return `expected one of ${quoteList(p.allowedValues as unknown[])}`;
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `expected ${String(p.type)}`;
    case 'format':
      return p.format === 'date' ? 'expected a date YYYY-MM-DD' : `expected a ${String(p.format)}`;
    case 'pattern':
      return `expected text matching ${String(p.pattern)}`;
    case 'minLength':
      return p.limit === 1 ? 'expected a non-empty string' : `expected at least ${String(p.limit)} characters`;
    case 'minItems':
      return `expected at least ${String(p.limit)} item(s)`;
    case 'maxItems':
    case 'additionalItems':
      return `expected at most ${String(p.limit)} item(s)`;
    case 'required':
      return `missing required key '${String(p.missingProperty)}'`;
    case 'additionalProperties':
      return 'unknown key';
    case 'anyOf':
    case 'oneOf': {
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      return description ? `expected ${description}` : `expected ${e.message ?? 'a valid value'}`;
    }
    default:
      return `expected a value that ${e.message ?? 'is valid'}`;
  }
}

interface Problem {
  pointer: string;
  /** True when the pointer names a key (unknown key), not a value. */
  key: boolean;
  detail: string;
}

/** The problems of a failed validation, most useful first, one per place. */
export function describeErrors(errors: readonly ErrorObject[], prefix = ''): Problem[] {
  // A failed anyOf also reports every branch's errors below it; keep only the anyOf's summary.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath);
  const kept = errors.filter(
    (e) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || !alternatives.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)),
  );
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of kept) {
    const p = e.params as Record<string, unknown>;
    const extra = e.keyword === 'additionalProperties' ? String(p.additionalProperty) : undefined;
    const pointer = extra === undefined ? e.instancePath : `${e.instancePath}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const detail = `${keyPath(pointer, prefix)}: ${expectation(e)}`;
    if (seen.has(detail)) continue;
    seen.add(detail);
    problems.push({ pointer, key: extra !== undefined, detail });
  }
  return problems.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

/** Throw an InputError at the first problem (naming how many more there are). */
export function throwSchemaErrors(errors: readonly ErrorObject[], file: string, locate?: Locator, prefix = ''): never {
  const problems = describeErrors(errors, prefix);
  const first = problems[0] ?? { pointer: '', key: false, detail: '(root): invalid' };
  const at = locate?.(first.pointer, first.key);
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  throw new InputError(file, at?.line ?? 0, at?.col ?? 0, `${first.detail}${more}`);
}

/** Validate `value` or throw an InputError naming the key. */
export function validateWith<T>(validate: ValidateFunction, value: unknown, file: string, locate?: Locator): T {
  if (!validate(value)) throwSchemaErrors(validate.errors ?? [], file, locate);
  return value as T;
}
