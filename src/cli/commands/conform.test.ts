import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceChecks } from '../../checks/conformance/index';
import {
  allText,
  latestRun,
  RUN_FOLDER_FILES,
  readResults,
  runFolders,
  schemaErrors,
} from '../../report/test-support/run-folder';
import { startSandbox } from '../../sandbox/index';
import { cli, interruptedCli } from '../test-support/run-cli';

const out = mkdtempSync(join(tmpdir(), 'pacer-conform-cli-'));
const SECRET = 'conform-cli-secret-key-7d21b4';
const OPERATIONS = 'getPartnerBalances,getPartnerExchangeRate';
afterAll(() => rmSync(out, { recursive: true, force: true }));
/** Loads, but its x-pacer-relations hint is malformed: a contract finding, not a usage error. */
const BAD_HINT_SPEC =
  'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    post:\n      operationId: postA\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {a: {type: integer}, b: {type: integer}}, x-pacer-relations: [{lessOrEqual: [a, /b]}]}\n      responses:\n        "200":\n          description: ok\n';

/** A generous limit: a pass over two operations takes well under a second. */
async function conformAgainst(faults: string[], dir: string, extra: string[] = []) {
  const sandbox = await startSandbox({
    limit: 100_000,
    windowMs: 60_000,
    faults,
    apiKeys: [SECRET],
    seed: 7,
  });
  try {
    const r = await cli(
      ['conform', '--target', sandbox.url, '--operations', OPERATIONS, '--out', join(out, dir), ...extra],
      { PACER_API_KEY: SECRET },
    );
    return { ...r, url: sandbox.url };
  } finally {
    await sandbox.close();
  }
}

describe('pacer conform (CLI)', () => {
  it('writes the standard run folder with coverage, exits 0 on a clean target, the key nowhere', async () => {
    const r = await conformAgainst([], 'clean');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const run = latestRun(join(out, 'clean'));
    expect(RUN_FOLDER_FILES.every((f) => existsSync(join(run, f)))).toBe(true);
    const results = readResults(run);
    expect(schemaErrors(results)).toBe('');
    expect(results).toMatchObject({ status: 'certified', targetKind: 'external', target: r.url });
    expect(results.verdicts.length).toBeGreaterThan(0);
    expect(results.verdicts.every((v) => v.family === 'conformance')).toBe(true);
    expect(results.coverage?.operations.map((o) => o.operationId).sort()).toEqual(
      OPERATIONS.split(',').sort(),
    );
    expect(results.coverage?.operations.every((o) => o.reached)).toBe(true);
    expect(results.environment.contractHash).toMatch(/^[0-9a-f]{64}$/);
    const trace = readFileSync(join(run, 'trace.ndjson'), 'utf8').trim().split('\n');
    expect(trace).toHaveLength(results.summary.requests);
    expect(results.summary.requests).toBeGreaterThan(5);
    expect(allText(join(out, 'clean'))).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('exits 1 with the failing check in junit.xml when the target breaks the contract', async () => {
    const r = await conformAgainst(['wrong-content-type'], 'faulty', ['--api-key', SECRET]);
    expect(r.code, r.stdout).toBe(1);
    const run = latestRun(join(out, 'faulty'));
    const results = readResults(run);
    expect(results.status).toBe('violations');
    const failed = results.verdicts.filter((v) => v.outcome === 'fail');
    expect(failed.map((v) => v.checkId)).toContain('CT-CONTENT-TYPE');
    const junit = readFileSync(join(run, 'junit.xml'), 'utf8');
    expect((junit.match(/<failure /g) ?? []).length).toBe(failed.length);
    expect(readFileSync(join(run, 'summary.md'), 'utf8')).toContain('NOT CERTIFIED');
    expect(allText(join(out, 'faulty'))).not.toContain(SECRET);
  });

  it('a contract that does not load or bad flags: exit 2, one stderr line, no folder', async () => {
    const bad = join(out, 'broken.yaml');
    writeFileSync(bad, 'openapi: 3.1.0\npaths: {{{\n');
    const broken = await conformAgainst([], 'broken', ['--spec', bad]);
    expect(broken.code).toBe(2);
    expect(broken.stderr.trim()).toMatch(new RegExp(`^pacer: ${bad}:2: malformed YAML[^\n]*$`));
    expect(runFolders(join(out, 'broken'))).toEqual([]);

    const missing = join(out, 'no-such-spec.yaml');
    const absent = await conformAgainst([], 'absent', ['--spec', missing]);
    expect(absent.code).toBe(2);
    expect(absent.stderr.trim()).toBe(`pacer: ${missing}: file not found`);
    expect(runFolders(join(out, 'absent'))).toEqual([]);

    const usage = await conformAgainst([], 'usage', ['--operations', 'noSuchOperation']);
    expect(usage.code).toBe(2);
    expect(runFolders(join(out, 'usage'))).toEqual([]);
  });

  it('a malformed x-pacer hint: exit 2, a report with the CT-CONTRACT-LOADS fail', async () => {
    const hinted = join(out, 'bad-hint.yaml');
    writeFileSync(hinted, BAD_HINT_SPEC);
    const r = await conformAgainst([], 'hint', ['--spec', hinted, '--operations', '*']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const results = readResults(latestRun(join(out, 'hint')));
    expect(results.status).toBe('error');
    expect(results.error?.code).toBe('PACER_ERR_CONTRACT_LOAD');
    expect(results.verdicts.find((v) => v.checkId === 'CT-CONTRACT-LOADS')?.outcome).toBe('fail');
  });

  it.each([
    [['--target', 'notaurl'], '(--target): not an http(s) URL: "notaurl"'],
    [['--source-ips', '192.0.2.1'], '(--source-ips): source address 192.0.2.1 is not available'],
  ])('%j: exit 2 naming the flag before any request, no run folder', async (extra, message) => {
    const dir = join(out, `flag-${extra[0]}`);
    const r = await cli(['conform', '--target', 'http://127.0.0.1:9', ...extra, '--out', dir], {
      PACER_API_KEY: SECRET,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`pacer: ${message}`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(runFolders(dir)).toEqual([]);
  });

  it('keeps the target user info and query out of repro lines, stdout and reports', async () => {
    const sandbox = await startSandbox({
      limit: 100_000,
      windowMs: 60_000,
      faults: ['wrong-content-type'],
      apiKeys: [SECRET],
    });
    const dir = join(out, 'userinfo');
    try {
      const target = sandbox.url.replace('http://', 'http://user:hunter2pass@') + '/?token=qsecret';
      const r = await cli(
        ['conform', '--target', target, '--operations', 'getPartnerBalances', '--out', dir],
        {
          PACER_API_KEY: SECRET,
        },
      );
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const repro = readResults(latestRun(dir)).verdicts.find((v) => v.repro)?.repro ?? '';
      expect(repro).toContain(`${sandbox.url}/v1/partner/balances`);
      for (const text of [r.stdout + r.stderr, allText(dir)]) {
        expect(text).not.toContain('hunter2pass');
        expect(text).not.toContain('qsecret');
      }
    } finally {
      await sandbox.close();
    }
  });

  it('--checks / --exclude-checks choose the CT-* checks judged, and so the outcome', async () => {
    // The fault fails CT-CONTENT-TYPE (see above): left out, the run that exited 1 passes.
    const only = await conformAgainst(['wrong-content-type'], 'only', [
      '--checks',
      'CT-NO-5XX, CT-STATUS-DOCUMENTED',
    ]);
    expect(only.code, only.stdout + only.stderr).toBe(0);
    const chosen = readResults(latestRun(join(out, 'only'))).verdicts;
    expect(chosen.map((v) => `${v.operationId} ${v.checkId}`).sort()).toEqual(
      OPERATIONS.split(',')
        .flatMap((op) => [`${op} CT-NO-5XX`, `${op} CT-STATUS-DOCUMENTED`])
        .sort(),
    );

    const rest = await conformAgainst(['wrong-content-type'], 'exclude', [
      '--exclude-checks',
      'CT-CONTENT-TYPE',
    ]);
    expect(rest.code, rest.stdout + rest.stderr).toBe(0);
    const ids = new Set(readResults(latestRun(join(out, 'exclude'))).verdicts.map((v) => v.checkId));
    const everyOther = conformanceChecks
      .all()
      .map((c) => c.id)
      .filter((id) => id !== 'CT-CONTENT-TYPE');
    expect([...ids].sort()).toEqual(everyOther.sort());
  });

  it.each(['--checks', '--exclude-checks'])(
    '%s with an unknown id: exit 2 naming the flag, no run folder',
    async (flag) => {
      const dir = join(out, `unknown${flag}`);
      // No target listens at port 9: the id is refused before any request.
      const r = await cli(
        ['conform', '--target', 'http://127.0.0.1:9', flag, 'CT-NO-5XX,CT-NOPE', '--out', dir],
        {
          PACER_API_KEY: SECRET,
        },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flag}: unknown check id CT-NOPE`);
      expect(runFolders(dir)).toEqual([]);
    },
  );

  it('stops on SIGINT while pacing: partial report of what was sent, exit 130', async () => {
    const sandbox = await startSandbox({ limit: 6, windowMs: 20_000, apiKeys: [SECRET] });
    const dir = join(out, 'sigint');
    try {
      // The budget (half of 6) is spent at once: the runner pauses for the window, Ctrl-C then.
      const { code, stderr } = await interruptedCli(
        ['conform', '--target', sandbox.url, '--limit', '6', '--window', '20s', '--out', dir],
        { PACER_API_KEY: SECRET },
        /pausing/,
        0,
      );
      expect(code, stderr).toBe(130);
      const run = latestRun(dir);
      const results = readResults(run);
      expect(results).toMatchObject({ status: 'interrupted', partial: true });
      expect(schemaErrors(results)).toBe('');
      const lines = readFileSync(join(run, 'trace.ndjson'), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(results.summary.requests);
      expect(results.summary.requests).toBeGreaterThan(0);
      expect(allText(dir)).not.toContain(SECRET);
    } finally {
      await sandbox.close();
    }
  }, 30_000);
});
