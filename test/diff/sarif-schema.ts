/** The SARIF 2.1.0 JSON Schema shipped with Microsoft's SARIF Multitool, compiled once for the diff tests. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
const schema = JSON.parse(readFileSync(join(dirname(multitool), 'sarif-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv2020Module.default({ allErrors: true, strict: false });
formatsModule.default(ajv);

/** Validates a parsed SARIF log; errors are on `validateSarif.errors`. */
export const validateSarif = ajv.compile(schema);
