import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../src/certify/plan';
import { runCertify } from '../src/certify/run';
import { PacerError } from '../src/errors';
import { startBadServer } from '../src/limits/test-servers';
import { readResults, runFolder } from './certify-support';

const out = mkdtempSync(join(tmpdir(), 'pacer-certify-bad-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('pacer certify against a target that accepts connections but never answers HTTP', () => {
  it('stops with the unreachable exit status and still leaves an error report', async () => {
    const server = await startBadServer('reset');
    try {
      const plan = await buildPlan({
        flags: { quick: true, out, target: server.url, checks: 'CT-AUTH,RL-ADMISSION-EXACT' },
        config: null,
        env: { PACER_API_KEY: 'bad-target-key-123456' },
      });
      const error = await runCertify(plan).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PacerError);
      expect((error as PacerError).exitCode).toBe(3);
      const dir = runFolder(out);
      const results = readResults(dir);
      expect(results.status).toBe('error');
      expect(results.partial).toBe(true);
      expect(existsSync(join(dir, 'report.html'))).toBe(true);
      expect(existsSync(join(dir, 'trace.ndjson'))).toBe(true);
    } finally {
      await server.close();
    }
  }, 60_000);
});
