/**
 * Generators for JSON texts as the exporters write them and as they are damaged: values with
 * escapes of every kind (`\uXXXX` surrogates, lone ones too), integers beyond 2^53, exponents,
 * written compactly, in PowerShell 5.1's two-space-colon CRLF layout, 7's one-space layout, or
 * with random whitespace; and ConvertTo-Json-shaped CimInstance exports with CIM metadata.
 */
import fc from 'fast-check';

/** A JSON value as a tree whose leaves keep the exact text to write. */
export type GenValue =
  | { t: 'obj'; members: [GenString, GenValue][] }
  | { t: 'arr'; items: GenValue[] }
  | { t: 'str'; s: GenString }
  | { t: 'num'; text: string }
  | { t: 'lit'; text: 'true' | 'false' | 'null' };

/** A string as a list of UTF-16 code units, each with how it is written (0 raw, 1 short escape, 2 \u, 3 \U-case hex). */
export interface GenString {
  units: [number, number][];
}

const SHORT: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x2f: '\\/', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

const unit = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.constantFrom(0x22, 0x5c, 0x2f, 0x08, 0x0c, 0x0a, 0x0d, 0x09, 0x00, 0x1f, 0x7f) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }) },
);

export const genString: fc.Arbitrary<GenString> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.tuple(unit, fc.integer({ min: 0, max: 3 })), { maxLength: 10 }).map((units) => ({ units })) },
  // A surrogate pair written as two \u escapes, as ConvertTo-Json may.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }))
      .map(([hi, lo]): GenString => ({ units: [[hi, 2], [lo, 3]] })),
  },
  // Plain names, as most keys and values are.
  { weight: 4, arbitrary: fc.constantFrom('Name', 'Value', 'CimType', 'Flags', 'ifAlias', 'NIC1', '', 'a/b', 'x~y', '__proto__', 'constructor').map(plain) },
);

/** A string written raw where JSON allows it. */
export function plain(s: string): GenString {
  return { units: [...s].flatMap((ch) => [...Array(ch.length).keys()].map((i): [number, number] => [ch.charCodeAt(i), 0])) };
}

/** The JSON text of a generated string, quotes included. */
export function writeString(g: GenString): string {
  let out = '"';
  for (const [u, form] of g.units) {
    const mustEscape = u < 0x20 || u === 0x22 || u === 0x5c;
    if (form === 0 && !mustEscape) out += String.fromCharCode(u);
    else if (form === 1 && SHORT[u] !== undefined) out += SHORT[u];
    else {
      const hex = u.toString(16).padStart(4, '0');
      out += `\\u${form === 3 ? hex.toUpperCase() : hex}`;
    }
  }
  return `${out}"`;
}

const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

export const genNumberText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1e6, max: 1e12 }).map(String) },
  // Integers up to 30 digits: beyond 2^53 they must keep their text.
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.boolean(), fc.integer({ min: 1, max: 9 }), digits(0, 29))
      .map(([neg, first, rest]) => `${neg ? '-' : ''}${first}${rest}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '9007199254740991', '9007199254740992', '18446744073709551615', '-9007199254740993', '1e400', '-1E-400', '0.0') },
  // Fractions and exponents in every spelling JSON allows.
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.boolean(), fc.oneof(fc.constant('0'), fc.tuple(fc.integer({ min: 1, max: 9 }), digits(0, 20)).map(([a, b]) => `${a}${b}`)), fc.option(digits(1, 20)), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 4))))
      .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}`),
  },
);

export const genValue: fc.Arbitrary<GenValue> = fc.letrec<{ value: GenValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: genString.map((s): GenValue => ({ t: 'str', s })) },
    { weight: 2, arbitrary: genNumberText.map((text): GenValue => ({ t: 'num', text })) },
    { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null').map((text): GenValue => ({ t: 'lit', text })) },
    { weight: 2, arbitrary: fc.array(fc.tuple(genString, tie('value')), { maxLength: 6 }).map((members): GenValue => ({ t: 'obj', members })) },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 6 }).map((items): GenValue => ({ t: 'arr', items })) },
  ),
})).value;

/** How a document is laid out. */
export type Layout = 'compact' | 'ps51' | 'ps7' | 'random';
export const genLayout: fc.Arbitrary<{ layout: Layout; spaces: number[] }> = fc.record({
  layout: fc.constantFrom<Layout>('compact', 'ps51', 'ps7', 'random'),
  spaces: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 16 }),
});

const WS = ['', ' ', '  ', '\t', '\r\n', '\n', ' \n  ', '   '];

/** The JSON text of a generated value in the given layout. */
export function writeJson(v: GenValue, { layout, spaces }: { layout: Layout; spaces: number[] }): string {
  let k = 0;
  const ws = (): string => (layout === 'random' ? WS[spaces[k++ % spaces.length]] : '');
  const nl = layout === 'ps51' ? '\r\n' : '\n';
  const indent = (d: number): string => (layout === 'ps51' ? '    ' : '  ').repeat(d);
  const colon = layout === 'ps51' ? ':  ' : layout === 'ps7' ? ': ' : ':';
  const write = (x: GenValue, d: number): string => {
    switch (x.t) {
      case 'str':
        return writeString(x.s);
      case 'num':
      case 'lit':
        return x.text;
      case 'arr':
        if (layout === 'compact' || layout === 'random') return `[${ws()}${x.items.map((i) => `${write(i, d + 1)}${ws()}`).join(`,${ws()}`)}]`;
        if (x.items.length === 0) return '[]';
        return `[${nl}${x.items.map((i) => indent(d + 1) + write(i, d + 1)).join(`,${nl}`)}${nl}${indent(d)}]`;
      case 'obj':
        if (layout === 'compact' || layout === 'random') {
          return `{${ws()}${x.members.map(([key, val]) => `${writeString(key)}${ws()}:${ws()}${write(val, d + 1)}${ws()}`).join(`,${ws()}`)}}`;
        }
        if (x.members.length === 0) return '{}';
        return `{${nl}${x.members.map(([key, val]) => `${indent(d + 1)}${writeString(key)}${colon}${write(val, d + 1)}`).join(`,${nl}`)}${nl}${indent(d)}}`;
    }
  };
  return `${ws()}${write(v, 0)}${ws()}`;
}

/** A damaged copy of a text: a character dropped, replaced or inserted, or the text cut short. */
export const genDamage: fc.Arbitrary<(text: string) => string> = fc
  .tuple(fc.nat(), fc.constantFrom('drop', 'insert', 'replace', 'cut'), fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '\n', '\u0001', 'x', '1', 'e', '-', '.', ' ', 't', 'n'))
  .map(([at, how, ch]) => (text: string): string => {
    const i = text.length === 0 ? 0 : at % text.length;
    if (how === 'drop') return text.slice(0, i) + text.slice(i + 1);
    if (how === 'insert') return text.slice(0, i) + ch + text.slice(i);
    if (how === 'replace') return text.slice(0, i) + ch + text.slice(i + 1);
    return text.slice(0, i);
  });

const str = (s: string): GenValue => ({ t: 'str', s: plain(s) });
const obj = (members: [string, GenValue][]): GenValue => ({ t: 'obj', members: members.map(([k, v]) => [plain(k), v]) });
const CLASSES = ['MSFT_NetAdapterRssSettingData', 'MSFT_NetAdapter', 'MSFT_NetAdapter_RssProcessor', 'MSFT_NetAdapterVmqSettingData', 'Msvm_Foo'];

/** A CimClass as 5.1 writes it (an object with super classes and metadata) or as text. */
const genCimClass: fc.Arbitrary<GenValue> = fc.oneof(
  fc.constantFrom(...CLASSES).map((c) => str(`ROOT/StandardCimv2:${c}`)),
  fc.tuple(fc.constantFrom(...CLASSES), fc.boolean(), genValue).map(([c, named, extra]) =>
    obj([
      ['CimSuperClassName', str('MSFT_NetAdapterSettingData')],
      ['CimSuperClass', obj([['CimSuperClassName', { t: 'lit', text: 'null' }], ['CimClassProperties', { t: 'arr', items: [str('Caption'), extra] }]])],
      ...(named ? [['CimClassName', str(c)] as [string, GenValue]] : []),
      ['CimClassProperties', { t: 'arr', items: [obj([['Name', str('Caption')], ['Value', extra], ['Flags', { t: 'num', text: '538968068' }]])] }],
      ['CimSystemProperties', obj([['Namespace', str('ROOT/StandardCimv2')], ['ServerName', str('HV01')], ['ClassName', str(c)], ['Path', { t: 'lit', text: 'null' }]])],
    ]),
  ),
);

/** Names for `Name = value` entries, word characters and others. */
const genName = fc.string({ unit: fc.constantFrom('a', 'Z', '_', '0', '9', ' ', '=', '-', '\u00e9'), maxLength: 6 });

/** CimInstanceProperties: `Name = value` entries (embedded ones as `...`), PowerShell 7 objects, or one flattened text. */
const genInstanceProperties: fc.Arbitrary<GenValue> = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom('ProcessorGroup = 0', 'ProcessorNumber = 4', 'Name = "NIC1"', 'Enabled = True', 'List = {1, 2}', 'Nested = ...', 'Other = "..."', 'Big = 18446744073709551615', 'Empty = ', 'bad entry', 'A1_ = x', '_x = "..."', '1a = 2', 'a  = 1', 'a =1', 'a = \n b', '\u00e4 = 1', 'Name = ...x', ' Name = 1', 'Name=1', 'N = {"a", "b"}').map(str), genValue, genName.map((n) => str(`${n} = 1`))), { maxLength: 5 }).map((items): GenValue => ({ t: 'arr', items })) },
  { weight: 1, arbitrary: fc.constantFrom('ProcessorGroup = 0 ProcessorNumber = 4', '').map(str) },
  { weight: 1, arbitrary: genValue },
);

/** Property values a CimInstance carries, depth-truncated text among them. */
const genField: fc.Arbitrary<GenValue> = fc.letrec<{ field: GenValue }>((tie) => ({
  field: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: genValue },
    { weight: 2, arbitrary: fc.constantFrom('System.Object[]', 'Microsoft.Management.Infrastructure.CimInstance[]', 'MSFT_NetAdapter_RssProcessor', 'MSFT_Foo (Name = "x")', '\\/Date(1700000000000)\\/', 'Microsoft.Management.Infrastructure.CimInstance').map(str) },
    { weight: 1, arbitrary: fc.array(tie('field'), { maxLength: 4 }).map((items): GenValue => ({ t: 'arr', items })) },
    { weight: 2, arbitrary: tie('field').chain(() => genInstance(tie('field'))) },
  ),
})).field;

function genInstance(field: fc.Arbitrary<GenValue>): fc.Arbitrary<GenValue> {
  return fc
    .tuple(
      fc.option(genCimClass, { nil: undefined }),
      fc.option(genInstanceProperties, { nil: undefined }),
      fc.option(fc.constantFrom(...CLASSES), { nil: undefined }),
      fc.array(fc.tuple(fc.constantFrom('ifAlias', 'Name', 'Enabled', 'IndirectionTable', 'RssProcessorArray', 'BaseProcessorNumber', 'ProcessorNumber', 'PSComputerName', 'Caption', 'a/b~c', 'NAME', 'CimClass'), field), { maxLength: 5 }),
    )
    .map(([cls, props, sys, fields]) => {
      const members: [string, GenValue][] = [];
      if (cls) members.push(['CimClass', cls]);
      if (props) members.push(['CimInstanceProperties', props]);
      if (sys) members.push(['CimSystemProperties', obj([['Namespace', str('ROOT/StandardCimv2')], ['ServerName', str('HV01')], ['ClassName', str(sys)], ['Path', { t: 'lit', text: 'null' }]])]);
      return obj([...members, ...fields]);
    });
}

/** A ConvertTo-Json export of CimInstances: an array, one instance, or 5.1's `{value, Count}` wrapper. */
export const genExport: fc.Arbitrary<GenValue> = fc.oneof(
  fc.array(genInstance(genField), { maxLength: 4 }).map((items): GenValue => ({ t: 'arr', items })),
  genInstance(genField),
  fc.array(genInstance(genField), { maxLength: 3 }).map((items): GenValue => obj([['value', { t: 'arr', items }], ['Count', { t: 'num', text: String(items.length) }]])),
);
