/**
 * The tree the CLIXML scan builds (src/ingest/clixml-scan.ts) against fast-xml-parser's, the
 * parser the ingest used until issue 11 and now the oracle: configured as bench/fxp-options.ts
 * (plus captureMetaData, for the element start offsets), both must give the same elements, raw
 * attribute values, text runs and CDATA sections, for every XML file in the repository and for
 * generated CLIXML-like documents (line ends, comments inside text, whitespace between and
 * inside elements, references, CDATA).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FXP_OPTIONS } from '../../bench/fxp-options.js';
import { parseClixml } from '../../src/ingest/clixml.js';
import { scanXml, type XmlElement } from '../../src/ingest/clixml-scan.js';
import { decodeBytes } from '../../src/ingest/decode.js';
import { InputError } from '../../src/model/errors.js';

const root = resolve(import.meta.dirname, '..', '..');
const oracle = new XMLParser({ ...FXP_OPTIONS, captureMetaData: true });
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Names fast-xml-parser renames to `__name` (its prototype guard); the scan keeps them as written. */
const RENAMED = new Set(['hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

function unrenamed(name: string): string {
  return name.startsWith('__') && RENAMED.has(name.slice(2)) ? name.slice(2) : name;
}

/** One comparable form for both trees: elements with name, start, attribute pairs and children. */
type Node = { '#text': string } | { '#cdata': string } | { name: string; start: number; attrs: [string, string][]; kids: Node[] };

function ours(el: XmlElement): Node {
  if (el.name === '#text') return { '#text': el.text };
  if (el.name === '#cdata') return { '#cdata': el.text };
  // A leaf's only text run is kept as its text; an element never has both.
  const children: XmlElement[] = [];
  for (let kid = el.first; kid !== null; kid = kid.next) children.push(kid);
  if (children.length > 0 && el.text !== '') throw new Error(`<${el.name}> at ${el.start} has both children and text`);
  const attrs: [string, string][] = [];
  for (let i = el.attrFrom; i < el.attrTo; i += 2) attrs.push([el.attrs[i], el.attrs[i + 1]]);
  const kids = children.length > 0 ? children.map(ours) : el.text !== '' ? [{ '#text': el.text }] : [];
  return { name: el.name, start: el.start, attrs, kids };
}

type FxpNode = Record<string | symbol, unknown>;

function theirs(node: FxpNode): Node {
  if ('#text' in node) return { '#text': node['#text'] as string };
  if ('#cdata' in node) return { '#cdata': (node['#cdata'] as FxpNode[])[0]['#text'] as string };
  const tag = Object.keys(node).find((k) => k !== ':@') as string;
  const attrs = Object.entries((node[':@'] ?? {}) as Record<string, string>).map(([k, v]): [string, string] => [unrenamed(k), v]);
  const start = (node[META] as { startIndex: number }).startIndex;
  return { name: unrenamed(tag), start, attrs, kids: (node[tag] as FxpNode[]).map(theirs) };
}

/** fast-xml-parser's root element (it also keeps a BOM before the declaration as top-level text). */
function oracleRoot(text: string): Node {
  const top = (oracle.parse(text) as FxpNode[]).filter((n) => !('#text' in n));
  expect(top).toHaveLength(1);
  return theirs(top[0]);
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? (e.name === 'node_modules' ? [] : xmlFiles(p)) : e.name.endsWith('.xml') ? [p] : [];
  });
}

describe('the CLIXML scan builds the tree fast-xml-parser built', () => {
  it('for every XML file under fixtures/ and test/ that the scan accepts', () => {
    const files = [...xmlFiles(join(root, 'fixtures')), ...xmlFiles(join(root, 'test'))];
    let compared = 0;
    for (const file of files) {
      const { text } = decodeBytes(readFileSync(file));
      let tree: XmlElement;
      try {
        tree = scanXml(text, file);
      } catch (e) {
        // Refused input (the damaged-export fixtures): fast-xml-parser is lenient, nothing to compare.
        expect(e).toBeInstanceOf(InputError);
        continue;
      }
      expect(ours(tree), file).toEqual(oracleRoot(text));
      compared++;
    }
    // The repository has ~200 CLIXML fixtures; most must have been compared, not skipped.
    expect(compared).toBeGreaterThan(150);
  }, 60_000);

  const nameChars = fc.constantFrom('Objs', 'Obj', 'S', 'I32', 'Props', 'MS', 'TN', 'T', 'LST', 'Ref', 'ToString', 'DCT', 'En', 'Nil', 'x:y', '_a', 'a-b.c', 'É', 'toString', 'valueOf');
  const attrName = fc.constantFrom('N', 'RefId', 'Version', 'xmlns', 'a.b', 'x:y', 'toString', 'hasOwnProperty');
  const space = fc.constantFrom(' ', '  ', '\r\n', '\n', '\r', '\t', '\r\n    ');
  const piece = fc.constantFrom('a', 'Name', ' ', '\t', '\r\n', '\n', '\r', '\r\n  ', '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#x41;', '&#65;', '_x000D__x000A_', '_x005F_', '>', '/', '=', 'é', '\u{1F600}', ']]');
  const pieces = (min: number) => fc.array(piece, { minLength: min, maxLength: 6 }).map((p) => p.join(''));
  /** An attribute value in its quotes (the other quote may occur inside). */
  const attrValue = fc.tuple(pieces(0), fc.constantFrom('"', "'"), fc.constantFrom('', '"', "'")).map(([v, q, other]) => `${q}${v}${other === q ? '' : other}${q}`);
  const attrs = fc.uniqueArray(fc.tuple(attrName, space, fc.constantFrom('=', ' = ', '\r\n=\t'), attrValue), { selector: (a) => a[0], maxLength: 4 }).map((list) => list.map(([n, s, eq, v]) => `${s}${n}${eq}${v}`).join(''));
  const comment = fc.array(fc.constantFrom('x', ' ', '<', '&', '>', '\r\n', '<S>'), { maxLength: 4 }).map((p) => `<!--${p.join('')}-->`);
  // A section's content never holds ']]>' (it would end the section there: ']' ']' '>' made one).
  const cdata = fc
    .array(fc.constantFrom('x', ' ', '<', '&', '&amp;', '>', '\r\n', '\r', ']', '<S>'), { maxLength: 4 })
    .map((p) => p.join(''))
    .filter((c) => !c.includes(']]>'))
    .map((c) => `<![CDATA[${c}]]>`);

  const { element } = fc.letrec<{ element: string; item: string }>((tie) => ({
    element: fc
      .record({ name: nameChars, attrs, close: fc.constantFrom('', ' ', '\r\n'), empty: fc.constantFrom('self', 'self-space', 'open'), content: fc.array(tie('item'), { maxLength: 5 }) })
      .map(({ name, attrs, close, empty, content }) => {
        if (empty === 'self' && content.length === 0) return `<${name}${attrs}/>`;
        if (empty === 'self-space' && content.length === 0) return `<${name}${attrs} />`;
        return `<${name}${attrs}>${content.join('')}</${name}${close}>`;
      }),
    item: fc.oneof({ depthSize: 'small' }, pieces(1), space, cdata, comment, tie('element')),
  }));

  const documentText = fc
    .record({
      bom: fc.boolean(),
      declaration: fc.constantFrom('', '<?xml version="1.0" encoding="utf-16"?>', '<?xml version="1.0"?>\r\n'),
      before: fc.array(fc.oneof(space, comment), { maxLength: 3 }),
      root: element,
      after: fc.array(fc.oneof(space, comment), { maxLength: 3 }),
    })
    .map(({ bom, declaration, before, root, after }) => `${bom ? '\uFEFF' : ''}${declaration}${before.join('')}${root}${after.join('')}`);

  it('for generated CLIXML-like documents', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        expect(ours(scanXml(text, 'gen.xml'))).toEqual(oracleRoot(text));
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('keeps whitespace that is all a leaf holds, drops it between elements, joins text around comments', () => {
    const tree = ours(scanXml('<Objs>\r\n  <S>  </S>\r\n  <S>a<!-- c -->\r\nb</S>\r\n  <S>  <![CDATA[x]]>  </S>\r\n</Objs>', 't.xml'));
    expect(tree).toEqual({
      name: 'Objs',
      start: 0,
      attrs: [],
      kids: [
        { name: 'S', start: 10, attrs: [], kids: [{ '#text': '  ' }] },
        { name: 'S', start: 23, attrs: [], kids: [{ '#text': 'a\nb' }] },
        { name: 'S', start: 48, attrs: [], kids: [{ '#text': '  ' }, { '#cdata': 'x' }] },
      ],
    });
  });

  it('keeps a name fast-xml-parser renamed (toString) as written', () => {
    const text = '<Objs xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><MS><toString N="p">1</toString></MS></Obj></Objs>';
    expect(parseClixml(text, 't.xml', 'utf-8').unknown.map((u) => u.context)).toEqual(['unknown CLIXML element <toString>']);
  });
});
