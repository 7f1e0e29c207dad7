import { lstat, mkdir, mkdtemp, readFile, readlink, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticRecords, syntheticResults } from './test-support/synthetic';
import { newRunFolder, writeRunFolder } from './write-run';

const records = syntheticRecords(100);
const results = syntheticResults(records);

describe('newRunFolder', () => {
  it('creates distinct, time-sortable folders under the base', async () => {
    const base = await mkdtemp(join(tmpdir(), 'pacer-runs-'));
    const at = new Date('2026-11-29T01:18:18Z');
    const a = await newRunFolder(base, at);
    const b = await newRunFolder(base, at);
    expect(a).not.toBe(b);
    expect(a).toMatch(/run-20261129-011818-[0-9a-f]{4}$/);
    expect((await lstat(a)).isDirectory()).toBe(true);
  });
});

describe('writeRunFolder', () => {
  it('writes the four reports, leaves the trace alone, and points latest at the newest run', async () => {
    const base = await mkdtemp(join(tmpdir(), 'pacer-runs-'));
    const first = await newRunFolder(base);
    await writeFile(join(first, 'trace.ndjson'), '{"seq":0}\n');
    const paths = await writeRunFolder(first, results, records, { env: {} });

    expect(JSON.parse(await readFile(paths.results, 'utf8')).runId).toBe(results.runId);
    expect(await readFile(paths.junit, 'utf8')).toMatch(/^<\?xml/);
    expect(await readFile(paths.summary, 'utf8')).toContain('NOT CERTIFIED');
    expect(await readFile(paths.report, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(await readFile(join(first, 'trace.ndjson'), 'utf8')).toBe('{"seq":0}\n');
    expect(paths.stepSummary).toBeUndefined();

    expect(paths.latest).toBe(join(base, 'latest'));
    expect(await realpath(paths.latest)).toBe(await realpath(first));
    // Relative, so the reports folder can be moved or archived as a whole.
    expect(await readlink(paths.latest)).not.toMatch(/^\//);

    const second = await newRunFolder(base);
    await writeRunFolder(second, results, records, { env: {} });
    expect(await realpath(join(base, 'latest'))).toBe(await realpath(second));
  });

  it('appends the summary to $GITHUB_STEP_SUMMARY, keeping what was there', async () => {
    const base = await mkdtemp(join(tmpdir(), 'pacer-runs-'));
    const stepFile = join(base, 'step-summary.md');
    await writeFile(stepFile, '# earlier step\n');
    const dir = await newRunFolder(base);
    const paths = await writeRunFolder(dir, results, records, { env: { GITHUB_STEP_SUMMARY: stepFile } });
    expect(paths.stepSummary).toBe(stepFile);
    const text = await readFile(stepFile, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toContain('❌ **NOT CERTIFIED**');
    expect(text).toContain(paths.report.split('/').pop());
  });

  it('falls back to latest.txt when a symlink cannot be made', async () => {
    const base = await mkdtemp(join(tmpdir(), 'pacer-runs-'));
    // A real folder named latest blocks the symlink, as a file system without symlinks would.
    await newRunFolder(base);
    await mkdir(join(base, 'latest'));
    const dir = await newRunFolder(base);
    const paths = await writeRunFolder(dir, results, records, { env: {} });
    expect(paths.latest).toBe(join(base, 'latest.txt'));
    expect((await readFile(paths.latest, 'utf8')).trim()).toBe(await realpath(dir));
  });

  it('redacts API keys that reached a verdict, in every file', async () => {
    const base = await mkdtemp(join(tmpdir(), 'pacer-runs-'));
    const dir = await newRunFolder(base);
    const key = 'sk-live-0123456789abcdef';
    const leaky = {
      ...results,
      verdicts: results.verdicts.map((v) => ({ ...v, reason: `sent x-api-key ${key}` })),
    };
    const stepFile = join(base, 'step.md');
    const paths = await writeRunFolder(dir, leaky, records, {
      env: { GITHUB_STEP_SUMMARY: stepFile },
      secrets: [key],
    });
    for (const file of [paths.results, paths.junit, paths.summary, paths.report, stepFile]) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toContain(key);
      expect(text, file).toContain('[redacted]');
    }
  });
});
