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
