import { spawn } from 'node:child_process';
import { main } from '../main';

/** Runs the CLI in-process; stdout/stderr are captured, the exit status returned. */
export async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env };
  // A CI runner's step summary is for the real run, not for the CLI tests' reports.
  Object.assign(process.env, { GITHUB_STEP_SUMMARY: '' }, env);
  let stdout = '';
  let stderr = '';
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
    process.env = saved;
    // main() reads process.exitCode; never leak one into the test worker.
    process.exitCode = undefined;
  }
}

/**
 * Runs the CLI as a child process (signals need a process of their own) and sends it SIGINT once
 * its stderr matches `when`, after `delayMs`. Resolves with the exit status and the stderr.
 */
export async function interruptedCli(
  args: string[],
  env: Record<string, string>,
  when: RegExp,
  delayMs = 0,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let armed = false;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (armed || !when.test(stderr)) return;
    armed = true;
    setTimeout(() => child.kill('SIGINT'), delayMs);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stderr };
}
