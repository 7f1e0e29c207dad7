import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordsAsK6Lines } from '../../k6/test-support/k6-lines';
import { closedPortUrl } from '../../limits/test-servers';
import {
  allText,
  latestRun,
  RUN_FOLDER_FILES,
  readResults,
  runFolders,
  schemaErrors,
} from '../../report/test-support/run-folder';
import { DEMO_API_KEY, type Sandbox, startSandbox } from '../../sandbox/index';
import { readTrace } from '../../trace/read-trace';
import { cli, interruptedCli } from '../test-support/run-cli';

const out = mkdtempSync(join(tmpdir(), 'pacer-limits-cli-'));
const SECRET = 'cli-test-secret-key-5f9c0a';

describe('pacer limits / analyze (CLI)', () => {
  let clean: Sandbox;
  let faulty: Sandbox;
  beforeAll(async () => {
    clean = await startSandbox({ limit: 10, windowMs: 4000, apiKeys: [SECRET, DEMO_API_KEY] });
    faulty = await startSandbox({
      limit: 10,
      windowMs: 4000,
      apiKeys: [SECRET],
      faults: ['admit-one-extra'],
    });
  });
  afterAll(async () => {
    await clean.close();
    await faulty.close();
    rmSync(out, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  // Checks the three probes below cannot feed: unjudged required checks make a run incomplete (exit 1),
  // so a run of a probe subset names the checks it leaves out.
  const UNFED = [
    '--exclude-checks',
    'RL-ADMISSION-ATOMIC,RL-RESET-HONOURED,RL-RETRY-AFTER-SUFFICIENT,RL-NO-PENALTY,RL-KEY-SCOPE,RL-AUTH-FAILURES-COUNTED,RL-GLOBAL-SCOPE,RL-STEADY-UNDER-LIMIT',
  ];
  const common = (target: string, dir: string): string[] => [
    'limits',
    '--target',
    target,
    '--limit',
    '10',
    '--window',
    '4s',
    '--probes',
    'exhaust,two-ips,spoof',
    ...UNFED,
    '--out',
    join(out, dir),
  ];

  it('exits 0 on a clean target: the standard run folder, step summary appended, the key nowhere', async () => {
    const stepSummary = join(out, 'step-summary.md');
    const r = await cli([...common(clean.url, 'clean'), '--source-ips', '127.0.0.80-84'], {
      PACER_API_KEY: SECRET,
      GITHUB_STEP_SUMMARY: stepSummary,
    });
    expect(r.stderr).toMatch(/probe exhaust: done/);
    expect(r.stdout).toMatch(/RL-ADMISSION-EXACT\s+PASS/);
    expect(r.code).toBe(0);
    expect(runFolders(join(out, 'clean'))).toHaveLength(1);
    const run = latestRun(join(out, 'clean'));
    expect(RUN_FOLDER_FILES.every((f) => existsSync(join(run, f)))).toBe(true);
    const results = readResults(run);
    expect(schemaErrors(results)).toBe('');
    expect(results).toMatchObject({ status: 'certified', targetKind: 'external', partial: false });
    expect(results.target).toBe(clean.url);
    expect(results.verdicts.every((v) => v.family === 'rate-limit')).toBe(true);
    expect(results.summary.requests).toBe((await readTrace(join(run, 'trace.ndjson'))).length);
    // 10 per 4 s instead of the documented 300 per 60 s: every report says so.
    expect(results.policyNote).toMatch(/10 requests per 4 s instead of the documented 300 per 1 min/);
    const junit = readFileSync(join(run, 'junit.xml'), 'utf8');
    expect((junit.match(/<testcase /g) ?? []).length).toBe(results.verdicts.length);
    expect(readFileSync(stepSummary, 'utf8')).toContain('CERTIFIED');
    expect(r.stdout).toContain(`run folder: ${run}`);
    expect(allText(join(out, 'clean')) + readFileSync(stepSummary, 'utf8')).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(SECRET);

    // analyze re-judges the saved trace offline to the same verdicts, into a run folder of its own.
    const a = await cli(
      [
        'analyze',
        join(run, 'trace.ndjson'),
        '--limit',
        '10',
        '--window',
        '4s',
        ...UNFED,
        '--out',
        join(out, 'analyze'),
      ],
      { PACER_API_KEY: SECRET },
    );
    expect(a.code).toBe(0);
    const analyzed = latestRun(join(out, 'analyze'));
    expect(RUN_FOLDER_FILES.every((f) => existsSync(join(analyzed, f)))).toBe(true);
    const again = readResults(analyzed);
    expect(schemaErrors(again)).toBe('');
    expect(again.status).toBe('certified');
    expect(again.summary.requests).toBe(results.summary.requests);
    const pairs = (x: typeof results) => x.verdicts.map((v) => [v.checkId, v.outcome]);
    expect(pairs(again)).toEqual(pairs(results));
    expect(allText(join(out, 'analyze'))).not.toContain(SECRET);
    // Without --out analyze only prints: nothing is written, the exit code follows the same rule.
    const printed = await cli([
      'analyze',
      join(run, 'trace.ndjson'),
      '--limit',
      '10',
      '--window',
      '4s',
      ...UNFED,
    ]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/status: certified/);

    // The same traffic as k6 would have written it (--out json, pacer_trace points) judges the same.
    const k6File = join(out, 'k6.json');
    writeFileSync(k6File, `${recordsAsK6Lines(await readTrace(join(run, 'trace.ndjson'))).join('\n')}\n`);
    const k = await cli([
      'analyze',
      '--k6-json',
      k6File,
      '--limit',
      '10',
      '--window',
      '4s',
      ...UNFED,
      '--target',
      clean.url,
      '--out',
      join(out, 'k6'),
    ]);
    expect(k.code).toBe(0);
    const fromK6 = readResults(latestRun(join(out, 'k6')));
    expect(pairs(fromK6)).toEqual(pairs(results));
    expect(fromK6.target).toBe(clean.url);
    // Exactly one input.
    expect((await cli(['analyze', '--limit', '10', '--window', '4s'])).code).toBe(2);
    expect((await cli(['analyze', join(run, 'trace.ndjson'), '--k6-json', k6File])).code).toBe(2);
  });

  it('exits 1 on a violation, with the key given as a flag still kept out of every file', async () => {
    const r = await cli([
      ...common(faulty.url, 'faulty'),
      '--source-ips',
      '127.0.0.85-89',
      '--api-key',
      SECRET,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/RL-ADMISSION-EXACT\s+FAIL/);
    const run = latestRun(join(out, 'faulty'));
    const results = readResults(run);
    expect(results.status).toBe('violations');
    expect(results.summary.requiredFailed).toBeGreaterThan(0);
    expect(results.verdicts.find((v) => v.checkId === 'RL-ADMISSION-EXACT')?.outcome).toBe('fail');
    const junit = readFileSync(join(run, 'junit.xml'), 'utf8');
    expect((junit.match(/<failure /g) ?? []).length).toBe(results.summary.checks.fail);
    expect(readFileSync(join(run, 'summary.md'), 'utf8')).toContain('NOT CERTIFIED');
    expect(allText(join(out, 'faulty'))).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('exits 2 on bad usage and 3 on a target that is down', async () => {
    expect((await cli([...common(clean.url, 'u1'), '--source-ips', '127.0.0.999'])).code).toBe(2);
    expect((await cli([...common(clean.url, 'u2'), '--probes', 'exhaust,nope'])).code).toBe(2);
    expect((await cli([...common(clean.url, 'u3'), '--checks', 'RL-NOPE'])).code).toBe(2);
    expect((await cli([...common(clean.url, 'u4'), '--window', '2'])).code).toBe(2);
    expect((await cli(['limits', '--limit', '10'])).code).toBe(2);
    const notUrl = await cli(['limits', '--target', 'notaurl', '--out', join(out, 'u5')]);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr.trim()).toBe('pacer: (--target): not an http(s) URL: "notaurl"');
    const down = await cli([...common(await closedPortUrl(), 'down')]);
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/unreachable/);
    // Nothing was judged: no run folder is left behind.
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5', 'down'])
      expect(runFolders(join(out, name))).toEqual([]);
  });

  it('stops on SIGINT: trace flushed, partial report written, exit 130', async () => {
    const dir = join(out, 'sigint');
    const { code, stderr } = await interruptedCli(
      [
        'limits',
        '--target',
        clean.url,
        '--limit',
        '10',
        '--window',
        '1s',
        '--probes',
        'steady',
        '--steady-windows',
        '30',
        '--source-ips',
        '127.0.0.90-91',
        '--out',
        dir,
      ],
      { PACER_API_KEY: SECRET },
      /probe steady: started/,
      1500,
    );
    expect(code, stderr).toBe(130);
    const run = latestRun(dir);
    const results = readResults(run);
    expect(results).toMatchObject({ status: 'interrupted', partial: true });
    expect(results.error?.code).toBe('PACER_ERR_INTERRUPTED');
    expect(schemaErrors(results)).toBe('');
    expect(existsSync(join(run, 'report.html'))).toBe(true);
    const lines = readFileSync(join(run, 'trace.ndjson'), 'utf8').trim().split('\n');
    // ~1.5 s of steady traffic at 9.5 req/s: some records, far fewer than the 30 windows planned.
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.length).toBeLessThan(200);
  }, 30_000);
});
