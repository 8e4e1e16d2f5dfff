/** One way to build a JSON Schema validator (ajv + ajv-formats), shared by every file we validate. */
import { createRequire } from 'node:module';
import type AjvModule from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import type formatsModule from 'ajv-formats';

export type { ErrorObject, ValidateFunction };

// ajv loads on first use, not on import: the validators of a run are compiled ahead of time
// (*.generated.ts, scripts/write-validators.ts), so only a schema they do not hold (a rule's
// options schema that changed, tests, scripts) pays for loading ajv and compiling.
const require = createRequire(import.meta.url);

/** A draft-07 validator that collects every error and knows the standard formats. */
export function createAjv(options: Options = {}): InstanceType<typeof AjvModule.default> {
  // ajv and ajv-formats are CommonJS; their classes sit on `.default`.
  const Ajv = (require('ajv') as typeof AjvModule).default;
  const addFormats = (require('ajv-formats') as typeof formatsModule).default;
  const ajv = new Ajv({ allErrors: true, verbose: true, ...options });
  addFormats(ajv);
  return ajv;
}
