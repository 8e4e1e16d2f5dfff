/** `simulate`'s name, arguments, options and help, without its implementation (simulate.ts loads when it runs). */
import type { Command } from 'commander';
import type { SetExitCode } from './command-types.js';
import { processIo } from './command-io.js';
import { collect } from './io.js';

type SimulateFlags = Parameters<typeof import('./simulate.js').simulateCommand>[1];

/** Add `simulate` with its arguments, options and help to a program; the caller adds the action. */
export function simulateDefinition(program: Command): Command {
  return program
    .command('simulate')
    .description('simulate VMQ / Dynamic VMQ / VMMQ receive processing of one host under a traffic profile')
    .argument('[snapshots...]', 'one snapshot (file or folder); two with --compare')
    .option('--traffic <file>', 'traffic profile (JSON, schemas/traffic.schema.json)')
    .option('--vms <n>', 'quick what-if without a profile: N VMs ...')
    .option('--gbps <x>', '... each offered X Gbps')
    .option('--format <name[=path]>', 'text (default) or json; repeatable; without =PATH to stdout', collect)
    .option('--html <file>', 'also write a self-contained HTML page (verdict, heat map, throughput, queue map; before and after with --compare)')
    .option('--param <name=value>', 'override a simulator parameter; repeatable (see --list-params)', collect)
    .option('--list-params', 'print every parameter with its default, unit and source')
    .option('--compare', 'compare two snapshots under the same traffic: simulate --compare <before> <after>')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour');
}

/** `simulate` for the command registry; simulate.ts is imported when the command runs. */
export function registerSimulate(program: Command, setExitCode: SetExitCode): void {
  simulateDefinition(program).action(async (paths: string[], flags: SimulateFlags) => {
    const { simulateCommand } = await import('./simulate.js');
    setExitCode(await simulateCommand(paths, flags, processIo()));
  });
}
