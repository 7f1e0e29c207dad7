import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RequestSpec } from '../src/engine/types';

/** What each closed-model client of the side-by-side bench reports. */
export interface ClientResult {
  reqPerSec: number;
  total: number;
  errors: number;
  /** Client process CPU per request (NaN when not measured, e.g. wrk). */
  cpuUsPerReq: number;
}

export const BENCH_PATH = '/v1/balances';
/** Every tool sends the same request: the engine's credential header included. */
export const BENCH_KEY = 'bench-key';

export const BENCH_SPEC: RequestSpec = {
  probe: 'bench',
  operationId: 'getBalances',
  method: 'GET',
  pathTemplate: BENCH_PATH,
  path: BENCH_PATH,
  keyLabel: 'primary',
};

export type ServerKind = 'raw' | 'node';

/**
 * Starts bench/engine-server.ts in a process of its own; `prefix` wraps the command (e.g.
 * `taskset -c 1`) so the server can be pinned to a CPU.
 */
export async function startBenchServer(
  kind: ServerKind,
  prefix: string[] = [],
): Promise<{ url: string; stop: () => void }> {
  const file = fileURLToPath(new URL('./engine-server.ts', import.meta.url));
  const command = [...prefix, process.execPath, '--import', 'tsx', file, '--kind', kind];
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /PORT (\d+)/.exec(chunk.toString());
      if (m) resolve(Number(m[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Upper median (NaN for none): the figure the bench tables report per tool. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)];
}
