import type { Command } from 'commander';
import { register as analyze } from './analyze';
import { register as capacity } from './capacity';
import { register as certify } from './certify';
import { register as conform } from './conform';
import { register as contract } from './contract';
import { register as k6 } from './k6';
import { register as limits } from './limits';
import { register as sandbox } from './sandbox';

/**
 * Each command lives in its own file under this folder and exports `register(program)`.
 * Add one import and one line below per command; nothing else in the CLI needs to change.
 */
type Registrar = (program: Command) => void;

const registrars: Registrar[] = [certify, contract, sandbox, limits, analyze, capacity, conform, k6];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
