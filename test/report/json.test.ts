import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { createAjv } from '../../src/model/ajv.js';
import { LINT_RESULT_SCHEMA } from '../../src/engine/schemas.js';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { ctx, sampleResult } from './fixture.js';

describe('json', () => {
  const validate = createAjv().compile(LINT_RESULT_SCHEMA);
  it('validates against the published lint-result schema', () => {
    const doc = JSON.parse(formatJson(sampleResult())) as unknown;
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });
  it('the schema check can fail', () => {
    const doc = JSON.parse(formatJson(sampleResult())) as { findings: { locations: { line: number }[] }[] };
    doc.findings[0].locations[0].line = 0;
    expect(validate(doc)).toBe(false);
  });
  it('keeps only the documented fields of a host', () => {
    const doc = JSON.parse(formatJson(sampleResult())) as { hosts: Record<string, unknown>[] };
    expect(Object.keys(doc.hosts[0])).toEqual(['name', 'release', 'build', 'status']);
  });
});

describe('junit', () => {
  it('is well-formed XML, even with control characters in messages', () => {
    const r = sampleResult();
    r.findings[2].message = 'bad \u0001 char & <tag>';
    expect(XMLValidator.validate(formatJunit(r, ctx))).toBe(true);
  });
});
