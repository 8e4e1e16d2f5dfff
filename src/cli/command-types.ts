/** What every command file shares with the registry: how it registers and reports its exit code. */
import type { Command } from 'commander';

export type SetExitCode = (code: number) => void;
export type RegisterCommand = (program: Command, setExitCode: SetExitCode) => void;
