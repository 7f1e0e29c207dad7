import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { allText, latestRun, RUN_FOLDER_FILES, schemaErrors } from './test-support/run-folder';
import { syntheticRecords, syntheticVerdicts, testPolicy } from './test-support/synthetic';
import { discardEmptyRun, startCommandRun, writeCommandRun } from './write-command-run';

const KEY = 'unit-secret-key-3b8f1e';
const records = syntheticRecords(60);

async function write(overrides: Partial<Parameters<typeof writeCommandRun>[0]> = {}, traceNote = KEY) {
  const base = await mkdtemp(join(tmpdir(), 'pacer-cmd-run-'));
  const run = await startCommandRun(base, new Date('2026-11-29T02:00:00Z'));
  // A trace that (against every rule) carries the key: the sweep must still catch it.
  await writeFile(run.traceFile, `${JSON.stringify({ seq: 0, note: traceNote })}\n`);
  const outcome = await writeCommandRun({
    run,
    target: `http://user:${KEY}@127.0.0.1:8080/base?key=${KEY}`,
    targetKind: 'external',
    environment: {
      contractFile: null,
      policyFile: null,
      clockOffsetMs: 12,
      sourceAddresses: ['127.0.0.2', null],
    },
    policy: testPolicy(20, 2000),
    documented: { limit: 300, windowMs: 60_000 },
    verdicts: syntheticVerdicts().filter((v) => v.outcome !== 'fail' && v.outcome !== 'skip'),
    records,
    secrets: [KEY, undefined, ''],
    env: {},
    ...overrides,
  });
  return { base, run, ...outcome };
}

describe('writeCommandRun', () => {
  it('writes the standard folder, schema-valid, the target without credentials, the key swept from every file', async () => {
    const { base, run, results, paths, exitCode } = await write();
    expect(readdirSync(run.dir).sort()).toEqual(RUN_FOLDER_FILES);
    expect(latestRun(base)).toBe(realpathSync(paths.dir));
    expect(schemaErrors(results)).toBe('');
    expect(results.target).toBe('http://127.0.0.1:8080/base');
    expect(results.runId).toBe(run.runId);
    expect(results.startedAt).toBe('2026-11-29T02:00:00.000Z');
    expect(results.traceFile).toBe(run.traceFile);
    expect(results.environment.sourceAddresses).toEqual(['127.0.0.2']);
    expect(results.policyNote).toMatch(/shortened/);
    expect(results.status).toBe('certified');
    expect(exitCode).toBe(0);
    expect(allText(run.dir)).not.toContain(KEY);
    expect(readFileSync(run.traceFile, 'utf8')).toContain('[redacted]');
  });

  it('maps status to the one exit-code rule: violations 1, incomplete 1, interrupted 130, error the error own', async () => {
    const failing = await write({ verdicts: syntheticVerdicts() });
    expect([failing.results.status, failing.exitCode]).toEqual(['violations', 1]);

    const stopped = await write({ interrupted: true });
    expect([stopped.results.status, stopped.exitCode]).toEqual(['interrupted', 130]);
    expect(stopped.results.partial).toBe(true);
    expect(stopped.results.error?.code).toBe('PACER_ERR_INTERRUPTED');

    const broken = await write({ error: new PacerError('PACER_ERR_CONTRACT_LOAD', 'bad contract') });
    expect([broken.results.status, broken.exitCode]).toEqual(['error', 2]);
    expect(broken.results.error?.code).toBe('PACER_ERR_CONTRACT_LOAD');

    // Nothing failed but a required check was never judged: not certified, exit 1.
    const unjudged = await write({ verdicts: syntheticVerdicts().filter((v) => v.outcome !== 'fail') });
    expect([unjudged.results.status, unjudged.exitCode]).toEqual(['incomplete', 1]);
    expect(unjudged.results.summary.requiredUnjudged).toEqual(['RL-PER-IP-ISOLATION']);
    expect(schemaErrors(unjudged.results)).toBe('');

    const noted = await write({ policyNote: 'window shortened for the sandbox' });
    expect(noted.results.policyNote).toBe('window shortened for the sandbox');
  });
});

describe('writeCommandRun secret sweep', () => {
  it('sweeps a key of any length, as the trace writer redacts one (one rule)', async () => {
    const short = 'k9Z';
    const again = await write({ secrets: [short], policyNote: `why ${short}` }, `note ${short}`);
    expect(allText(again.run.dir)).not.toContain(short);
    expect(readFileSync(again.paths.results, 'utf8')).toContain('why [redacted]');
    expect(readFileSync(again.run.traceFile, 'utf8')).toContain('note [redacted]');
  });
});

describe('discardEmptyRun', () => {
  it('removes a folder that holds nothing (or an empty trace), keeps one with records', async () => {
    const base = await mkdtemp(join(tmpdir(), 'pacer-cmd-run-'));
    const empty = await startCommandRun(base);
    await discardEmptyRun(empty);
    expect(existsSync(empty.dir)).toBe(false);

    const emptyTrace = await startCommandRun(base);
    await writeFile(emptyTrace.traceFile, '');
    await discardEmptyRun(emptyTrace);
    expect(existsSync(emptyTrace.dir)).toBe(false);

    const kept = await startCommandRun(base);
    await writeFile(kept.traceFile, '{"seq":0}\n');
    await discardEmptyRun(kept);
    expect(existsSync(kept.traceFile)).toBe(true);
  });
});
