/**
 * The k6 bundles against the real pacer sandbox (a separate process, limit 10 per 10 s), with the
 * k6 HTTP module stubbed by curl: real headers, real 429 bodies, real source addresses. Judged by
 * the in-k6 checks and, through the k6 JSON output, by the Node checks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../src/checks/evaluate';
import { rateLimitChecks } from '../src/checks/rate-limit/registry';
import { buildK6Scenarios } from '../src/k6/build';
import { readK6Json } from '../src/k6/import-json';
import { curlHandler, type LoadedBundle, loadBundle, toK6JsonLines } from '../src/k6/test-harness';
import { defaultPolicyPath, loadPolicySync } from '../src/policy/index';
import { DEMO_API_KEY } from '../src/sandbox/types';

const LIMIT = 10;
const policy = loadPolicySync(defaultPolicyPath(), { limit: LIMIT, windowMs: 10_000 });
const dir = mkdtempSync(join(tmpdir(), 'pacer-k6-sandbox-'));
let outDir = '';
const sandboxes: ChildProcess[] = [];
let loaded: LoadedBundle | null = null;

async function startSandbox(args: string[]): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'sandbox',
      '--port',
      '0',
      '--limit',
      String(LIMIT),
      '--window',
      '10s',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  sandboxes.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  outDir = join(dir, 'k6');
  await buildK6Scenarios({ outDir, scenarios: ['mixed-endpoints', 'spoof'] });
});
afterEach(() => {
  loaded?.dispose();
  loaded = null;
});
afterAll(() => {
  for (const child of sandboxes) child.kill('SIGTERM');
});

async function run(scenario: string, target: string, source: string) {
  loaded = await loadBundle(
    join(outDir, `${scenario}.js`),
    {
      PACER_TARGET: target,
      PACER_API_KEY: DEMO_API_KEY,
      PACER_LIMIT: String(LIMIT),
      PACER_WINDOW: '10s',
      PACER_SOURCE: source,
    },
    curlHandler(source),
    Date.now(),
  );
  loaded.iterate('default');
  const file = join(dir, `${scenario}-${source}.json`);
  writeFileSync(file, `${toK6JsonLines(loaded.state.samples, scenario).join('\n')}\n`);
  const records = await readK6Json(file);
  const verdicts = evaluate(rateLimitChecks.all(), records, { policy });
  const failedChecks = [...new Set(loaded.state.checks.filter((c) => !c.ok).map((c) => c.name))].sort();
  return { records, failedChecks, outcome: (id: string) => verdicts.find((v) => v.checkId === id)?.outcome };
}

describe('k6 scenarios against the pacer sandbox', () => {
  it('a correct sandbox passes every in-k6 check and the Node checks agree', async () => {
    const target = await startSandbox([]);
    const mixed = await run('mixed-endpoints', target, '127.0.0.61');
    expect(mixed.records.length).toBe(LIMIT + 5);
    expect(mixed.records.map((r) => r.status)).toEqual([...Array(LIMIT).fill(200), ...Array(5).fill(429)]);
    expect(mixed.failedChecks).toEqual([]);
    for (const id of [
      'RL-GLOBAL-SCOPE',
      'RL-429-SHAPE',
      'RL-HEADERS-PRESENT',
      'RL-HEADERS-WELLFORMED',
      'RL-LIMIT-VALUE',
    ]) {
      expect([id, mixed.outcome(id)]).toEqual([id, 'pass']);
    }
    const spoof = await run('spoof', target, '127.0.0.62');
    expect(spoof.failedChecks).toEqual([]);
    expect(spoof.outcome('RL-SPOOF-RESISTANT')).toBe('pass');
  });

  it('faults in the sandbox fail the same checks in k6 and in pacer', async () => {
    const target = await startSandbox(['--fault', 'per-endpoint-buckets,trust-xff,wrong-429-body']);
    const mixed = await run('mixed-endpoints', target, '127.0.0.63');
    expect(mixed.failedChecks).toEqual(['RL-GLOBAL-SCOPE']);
    expect(mixed.outcome('RL-GLOBAL-SCOPE')).toBe('fail');
    const spoof = await run('spoof', target, '127.0.0.64');
    expect(spoof.failedChecks).toEqual(['RL-429-SHAPE', 'RL-SPOOF-RESISTANT']);
    expect(spoof.outcome('RL-SPOOF-RESISTANT')).toBe('fail');
    expect(spoof.outcome('RL-429-SHAPE')).toBe('fail');
  });
});
