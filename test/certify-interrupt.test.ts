import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killStray, readResults, runCli, runFolder, waitFor } from './certify-support';

const out = mkdtempSync(join(tmpdir(), 'pacer-certify-int-'));
afterAll(() => {
  killStray();
  rmSync(out, { recursive: true, force: true });
});

describe('pacer certify interrupted by SIGINT', () => {
  it('exits 130 and leaves a partial report and the trace on disk', async () => {
    const run = runCli(['certify', '--quick', '--out', out]);
    // Mid-run: conformance has sent traffic (its progress line shows cases done).
    await waitFor(
      () => /conformance: [1-9]\d*\/\d+ cases/.test(run.stderr()),
      90_000,
      'conformance progress',
    );
    run.child.kill('SIGINT');
    const { code, stdout, stderr } = await run.done;
    expect(code, `stderr:\n${stderr}`).toBe(130);
    expect(stdout).toContain('INTERRUPTED');

    const dir = runFolder(out);
    const results = readResults(dir);
    expect(results.partial).toBe(true);
    expect(results.status).toBe('interrupted');
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/interrupted/i);
    const trace = readFileSync(join(dir, 'trace.ndjson'), 'utf8').trim().split('\n');
    expect(trace.length).toBeGreaterThan(0);
    // The trace holds exactly what the partial verdicts were computed from.
    expect(trace.length).toBe(results.summary.requests);
    // The rate-limit phase never started: the run stopped where it was told to.
    expect(trace.some((l) => (JSON.parse(l) as { probe: string }).probe === 'exhaust')).toBe(false);
  }, 120_000);
});
