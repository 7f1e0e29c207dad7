import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { runFolders } from '../src/report/test-support/run-folder';

export { readResults } from '../src/report/test-support/run-folder';

/** The repository root (tests spawn the real CLI entry point from it). */
export const ROOT = resolve(import.meta.dirname, '..');

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process ends (code 130 for a SIGINT handled by pacer, null if killed by a signal). */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stdout(): string;
  stderr(): string;
}

const live = new Set<ChildProcess>();

/** Kills whatever a failed test left running (call from afterAll). */
export function killStray(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.clear();
}

/** `pacer <args>` through the real entry point (src/cli/main.ts, loaded by tsx). */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd,
    // CI set: plain progress lines, as a CI log would show them.
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveDone) => {
    child.on('close', (code) => {
      live.delete(child);
      resolveDone({ code, stdout: out, stderr: err });
    });
  });
  return { child, done, stdout: () => out, stderr: () => err };
}

/** Waits until `probe()` holds, polling; fails after `ms`. */
export async function waitFor(probe: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The one run folder under `base` (the `latest` pointer excluded). */
export function runFolder(base: string): string {
  const runs = runFolders(base);
  if (runs.length !== 1)
    throw new Error(`expected one run folder in ${base}, found ${runs.join(', ') || 'none'}`);
  return join(base, runs[0]);
}
