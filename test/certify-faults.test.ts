import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../src/certify/plan';
import { runCertify } from '../src/certify/run';
import { readResults } from './certify-support';

const out = mkdtempSync(join(tmpdir(), 'pacer-certify-fault-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('pacer certify against a faulty embedded sandbox', () => {
  it('exits 1 and names the failing checks in results.json, junit.xml and summary.md', async () => {
    const plan = await buildPlan({
      flags: {
        quick: true,
        out,
        // one rate-limit fault, one contract fault; a few checks keep the run short
        sandboxFault: ['admit-one-extra', 'schema-drift'],
        checks: 'RL-ADMISSION-EXACT,RL-HEADERS-PRESENT,RL-STEADY-UNDER-LIMIT,CT-BODY-SCHEMA,CT-NO-5XX',
      },
      config: null,
      env: {},
    });
    const outcome = await runCertify(plan);
    expect(outcome.exitCode).toBe(1);
    const results = readResults(outcome.paths.dir);
    expect(results.status).toBe('violations');
    expect(results.summary.requiredFailed).toBeGreaterThan(0);
    const failing = new Set(results.verdicts.filter((v) => v.outcome === 'fail').map((v) => v.checkId));
    expect([...failing].sort()).toEqual(['CT-BODY-SCHEMA', 'RL-ADMISSION-EXACT']);
    // Checks not selected were not judged.
    expect(new Set(results.verdicts.map((v) => v.checkId)).has('RL-RESET-HONOURED')).toBe(false);

    const junit = readFileSync(outcome.paths.junit, 'utf8');
    const summary = readFileSync(outcome.paths.summary, 'utf8');
    for (const id of failing) {
      // a <failure> element typed with the check id (JUnit readers list these as failed tests)
      expect(junit).toMatch(new RegExp(`<failure[^>]*type="${id} \\(`));
      expect(summary).toContain(id);
    }
    expect(summary).toContain('NOT CERTIFIED');
  }, 120_000);
});
