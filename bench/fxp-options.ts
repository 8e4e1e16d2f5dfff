/**
 * fast-xml-parser configured to read CLIXML the way the ingest does: the parse-only floor of the
 * benches (bench/fleet-floor-child.ts, bench/clixml.bench.ts) and the oracle the ingest's own tree
 * is checked against (test/ingest/clixml-tree.test.ts). The ingest itself no longer runs it:
 * its well-formedness scan builds the same tree in the same pass (src/ingest/clixml-scan.ts).
 *
 * fast-xml-parser's defaults would drop attributes, turn `<S>0007</S>` into 7, trim strings and
 * expand entities; every option that matters is spelled out.
 */
import { isBlank, MAX_DEPTH } from '../src/ingest/clixml-scan.js';

export const FXP_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: false as const,
  captureMetaData: false,
  jPath: false,
  // Whitespace between elements means nothing in CLIXML: dropping it (never a leaf's text, so
  // `<S>  </S>` keeps its spaces) halves the nodes built and walked.
  tagValueProcessor: (_tag: string, value: string, _path: unknown, _hasAttributes: boolean, isLeaf: boolean): string | undefined =>
    !isLeaf && isBlank(value) ? '' : undefined,
  maxNestedTags: MAX_DEPTH + 1,
};
