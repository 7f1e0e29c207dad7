import type { Command } from 'commander';

/**
 * Each command lives in its own file under this folder and exports `register(program)`.
 * Add one import and one line below per command; nothing else in the CLI needs to change.
 */
type Registrar = (program: Command) => void;

const registrars: Registrar[] = [];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
