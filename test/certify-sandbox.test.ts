import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killStray, readResults, runCli, runFolder } from './certify-support';

const out = mkdtempSync(join(tmpdir(), 'pacer-certify-ok-'));
afterAll(() => {
  killStray();
  rmSync(out, { recursive: true, force: true });
});

// Distinctive, so a leak anywhere in the folder is found by a plain substring search.
const KEY = 'pk-live-CERTIFY-7f3a9c1e5b2d4068-do-not-leak';

describe('pacer certify --quick against the embedded sandbox', () => {
  it('certifies (exit 0), writes the five files, names the report, leaks no key', async () => {
    const run = runCli(['certify', '--quick', '--out', out], { PACER_API_KEY: KEY });
    const { code, stdout, stderr } = await run.done;
    expect(code, `stderr:\n${stderr}\nstdout:\n${stdout}`).toBe(0);

    const dir = runFolder(out);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['junit.xml', 'report.html', 'results.json', 'summary.md', 'trace.ndjson']);
    expect(existsSync(join(out, 'latest')) || existsSync(join(out, 'latest.txt'))).toBe(true);
    expect(stdout).toContain(join(dir, 'report.html'));
    expect(stdout).toMatch(/CERTIFIED/);

    const results = readResults(dir);
    expect(results.status).toBe('certified');
    expect(results.partial).toBe(false);
    expect(results.policyNote).toContain('window shortened from 60 s to 3 s for the embedded sandbox');
    // Certified means judged: no required fail, and every rate-limit check judged on probe traffic.
    const required = new Set(results.requiredChecks);
    const requiredFails = results.verdicts.filter((v) => required.has(v.checkId) && v.outcome === 'fail');
    expect(requiredFails).toEqual([]);
    expect(results.summary.requiredUnjudged).toEqual([]);
    const rlSkips = results.verdicts.filter((v) => v.checkId.startsWith('RL-') && v.outcome === 'skip');
    expect(rlSkips).toEqual([]);
    // The only skips allowed: CT-ERROR-SHAPE on operations the quick run gets no 4xx (other than
    // 401/429) from, e.g. GETs without inputs to get wrong; the check is judged on other operations.
    const ALLOWED_SKIPS = new Map([
      ['CT-ERROR-SHAPE', /no 4xx error responses \(other than 401\/429\) to judge/],
    ]);
    const skips = results.verdicts.filter((v) => v.outcome === 'skip');
    for (const v of skips) {
      const why = `${v.checkId} [${v.operationId ?? 'run-wide'}] skipped: ${v.reason}`;
      expect(ALLOWED_SKIPS.has(v.checkId), why).toBe(true);
      expect(v.operationId, why).toBeTruthy();
      expect(v.reason, why).toMatch(ALLOWED_SKIPS.get(v.checkId) ?? /^$/);
    }
    for (const id of ALLOWED_SKIPS.keys())
      expect(
        results.verdicts.some((v) => v.checkId === id && v.outcome !== 'skip'),
        `${id} judged on some operation`,
      ).toBe(true);
    // Both families ran, the rate-limit checks on real probe traffic.
    const ids = new Set(results.verdicts.map((v) => v.checkId));
    for (const id of ['RL-ADMISSION-EXACT', 'RL-RESET-HONOURED', 'RL-KEY-SCOPE', 'CT-BODY-SCHEMA', 'CT-AUTH'])
      expect(ids.has(id), id).toBe(true);
    const passed = (id: string) => results.verdicts.some((v) => v.checkId === id && v.outcome === 'pass');
    expect(passed('RL-ADMISSION-EXACT')).toBe(true);
    expect(passed('RL-KEY-SCOPE')).toBe(true);

    // One trace for the run: unique seqs, as many records as the summary counts.
    const trace = readFileSync(join(dir, 'trace.ndjson'), 'utf8').trim().split('\n');
    const seqs = trace.map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.length).toBe(results.summary.requests);
    const probes = new Set(trace.map((l) => (JSON.parse(l) as { probe: string }).probe));
    expect(probes.has('conform')).toBe(true);
    expect(probes.has('exhaust')).toBe(true);

    // The key was sent (the sandbox accepted it: admissions above) and is nowhere on disk or in the output.
    for (const name of files) {
      expect(readFileSync(join(dir, name), 'utf8').includes(KEY), `${name} contains the API key`).toBe(false);
    }
    expect(stdout.includes(KEY) || stderr.includes(KEY)).toBe(false);
  }, 150_000);
});
