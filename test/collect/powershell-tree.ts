/**
 * Parses PowerShell with the tree-sitter-powershell grammar (its shipped .wasm, through
 * web-tree-sitter: no native build) and lists what a script runs, for the collector's allowlist.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let parser: Parser | undefined;

/** A parser for PowerShell, loaded once. */
export async function powershellParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const lang = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  parser = new Parser();
  parser.setLanguage(lang);
  return parser;
}

/** One command a script runs, with its literal arguments (parameters and plain words). */
export interface CommandUse {
  name: string;
  args: string[];
  line: number;
  /** Invoked through `&` or `.` or a name that is not a literal word. */
  dynamic: boolean;
}

/** Every syntax error (ERROR or MISSING node) of a script, as `line:col text`. */
export function syntaxErrors(root: Node): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.type === 'ERROR' || n.isMissing) out.push(`${n.startPosition.row + 1}:${n.startPosition.column + 1} ${n.text.slice(0, 60)}`);
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  return out;
}

/** Every command in a script (nested script blocks and sub-expressions included). */
export function commandsOf(root: Node): CommandUse[] {
  const out: CommandUse[] = [];
  const walk = (n: Node): void => {
    if (n.type === 'command') {
      const nameNode = n.children.find((c) => c?.type === 'command_name');
      const elements = n.children.find((c) => c?.type === 'command_elements');
      const invoke = n.children.some((c) => c?.type === 'command_invokation_operator');
      const args = (elements?.children ?? [])
        .filter((c): c is Node => !!c && c.type !== 'command_argument_sep')
        .map((c) => c.text);
      out.push({ name: nameNode?.text ?? n.text.split(/\s/)[0] ?? '', args, line: n.startPosition.row + 1, dynamic: invoke || !nameNode });
    }
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  return out;
}

/** Every .NET method call (`$x.M(...)`, `[T]::M(...)`): member name and line, for the allowlist. */
export function methodCallsOf(root: Node): { member: string; text: string; line: number }[] {
  const out: { member: string; text: string; line: number }[] = [];
  const walk = (n: Node): void => {
    if (n.type === 'invokation_expression' && n.children.some((c) => c?.type === 'argument_list')) {
      const member = n.children.find((c) => c?.type === 'member_name')?.text ?? '';
      out.push({ member, text: n.text, line: n.startPosition.row + 1 });
    }
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  return out;
}
