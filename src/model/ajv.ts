/** One way to build a JSON Schema validator (ajv + ajv-formats), shared by every file we validate. */
import AjvModule, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS; under NodeNext their classes sit on `.default`.
const Ajv = AjvModule.default;
const addFormats = formatsModule.default;

export type { ErrorObject, ValidateFunction };

/** A draft-07 validator that collects every error and knows the standard formats. */
export function createAjv(options: Options = {}): InstanceType<typeof Ajv> {
  const ajv = new Ajv({ allErrors: true, verbose: true, ...options });
  addFormats(ajv);
  return ajv;
}
