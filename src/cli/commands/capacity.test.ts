import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacityResult } from '../../capacity/types';
import {
  allText,
  latestRun,
  RUN_FOLDER_FILES,
  readResults,
  schemaErrors,
} from '../../report/test-support/run-folder';
import { type Sandbox, startSandbox } from '../../sandbox/index';
import { cli } from '../test-support/run-cli';

const out = mkdtempSync(join(tmpdir(), 'pacer-capacity-cli-'));
const SECRET = 'capacity-cli-secret-key-0c4e9a';

describe('pacer capacity (CLI): run folder and baseline', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // limit 0: the limiter is bypassed, so one source and two short low-rate stages suffice.
    sandbox = await startSandbox({ limit: 0, apiKeys: [SECRET] });
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(out, { recursive: true, force: true });
  });

  const capacity = (dir: string, extra: string[] = []) =>
    cli(
      [
        'capacity',
        '--target',
        sandbox.url,
        '--bypass-limit',
        '--stages',
        '20,40',
        '--stage-duration',
        '1s',
        '--late-budget',
        '100ms',
        '--out',
        join(out, dir),
        ...extra,
      ],
      { PACER_API_KEY: SECRET },
    );

  it('writes results.json with the capacity section; --baseline reads it back (folder, file or bare capacity.json)', async () => {
    const first = await capacity('first');
    expect(first.code, first.stderr).toBe(0);
    const run = latestRun(join(out, 'first'));
    expect(RUN_FOLDER_FILES.every((f) => existsSync(join(run, f)))).toBe(true);
    const results = readResults(run);
    expect(schemaErrors(results)).toBe('');
    expect(results).toMatchObject({ status: 'certified', targetKind: 'external' });
    const cap = results.capacity as CapacityResult;
    expect(cap.kind).toBe('capacity');
    expect(cap.stages.map((s) => s.offeredRate)).toEqual([20, 40]);
    expect(results.summary.requests).toBe(cap.stages.reduce((n, s) => n + s.sent, 0));
    expect(readFileSync(join(run, 'summary.md'), 'utf8')).toContain('Sustainable throughput');
    expect(allText(join(out, 'first'))).not.toContain(SECRET);

    // Against a run folder whose figures are clearly worse (half the throughput, p99 100 ms slower):
    // read back from the folder's results.json and compared, no regression, CAP-BASELINE passes.
    // (Two real runs are not compared: on a loaded machine their p99 alone differs by more than noise.)
    const worseDir = join(out, 'worse-baseline');
    mkdirSync(worseDir);
    const worse: CapacityResult = {
      ...cap,
      sustainableThroughput: cap.sustainableThroughput / 2,
      stages: cap.stages.map((s) => ({ ...s, latencyMs: { ...s.latencyMs, p99: s.latencyMs.p99 + 100 } })),
    };
    writeFileSync(join(worseDir, 'results.json'), JSON.stringify({ ...results, capacity: worse }));
    const same = await capacity('same', ['--baseline', worseDir]);
    const sameResults = readResults(latestRun(join(out, 'same')));
    const verdict = sameResults.verdicts.find((v) => v.checkId === 'CAP-BASELINE');
    expect(verdict?.outcome, verdict?.reason).toBe('pass');
    expect(same.code).toBe(0);

    // A baseline ten times faster (an old bare capacity.json): a regression, exit 1, junit failure.
    const faster: CapacityResult = {
      ...cap,
      sustainableThroughput: cap.sustainableThroughput * 10,
      partnersSupported: cap.partnersSupported * 10 + 10,
    };
    const bare = join(out, 'capacity.json');
    writeFileSync(bare, JSON.stringify(faster));
    const slower = await capacity('slower', ['--baseline', bare]);
    expect(slower.code).toBe(1);
    const slowRun = latestRun(join(out, 'slower'));
    const slow = readResults(slowRun);
    expect(slow.status).toBe('violations');
    const failed = slow.verdicts.find((v) => v.checkId === 'CAP-BASELINE');
    expect(failed?.outcome).toBe('fail');
    expect(failed?.reason).toMatch(/sustainable throughput/);
    expect((slow.capacity as CapacityResult).baseline?.regressions).toBeGreaterThan(0);
    expect(readFileSync(join(slowRun, 'junit.xml'), 'utf8')).toContain('CAP-BASELINE');

    const missing = await capacity('missing', ['--baseline', join(out, 'nope.json')]);
    expect(missing.code).toBe(2);
  }, 60_000);
});
