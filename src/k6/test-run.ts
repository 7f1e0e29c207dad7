/**
 * Test code only: the shared set-up of the bundle tests. Builds the scenarios once into a temp
 * folder, loads a bundle with stubbed k6 against a fake limiter, runs arrival-rate iterations on
 * the fake clock, and reads the run's k6 JSON back through pacer to get the Node checks' verdicts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../checks/evaluate';
import { rateLimitChecks } from '../checks/rate-limit/registry';
import { defaultPolicyPath, loadPolicySync } from '../policy/index';
import type { TraceRecord } from '../trace/types';
import { buildK6Scenarios } from './build';
import { readK6Json } from './import-json';
import {
  fakeLimiter,
  type LimiterOptions,
  type LoadedBundle,
  loadBundle,
  toK6JsonLines,
} from './test-harness';

export const SCENARIOS = [
  'burst',
  'capacity',
  'mixed-endpoints',
  'reset-boundary',
  'retry-after',
  'soak',
  'spoof',
  'steady',
];

export interface K6TestRun {
  readonly limit: number;
  readonly windowMs: number;
  /** Bundles built by `build()`, in scenario order. */
  files: string[];
  build(): Promise<void>;
  bundle(name: string): string;
  /** Loads a bundle (disposing the previous one); `limiter: null` is a correct limiter. */
  load(
    name: string,
    limiter: LimiterOptions | null,
    env?: Record<string, string>,
  ): Promise<{ b: LoadedBundle; seen: Array<Record<string, string>> }>;
  dispose(): void;
}

export function createK6TestRun(opts: {
  limit: number;
  windowMs: number;
  env: Record<string, string>;
}): K6TestRun {
  let outDir = '';
  let loaded: LoadedBundle | null = null;
  const run: K6TestRun = {
    limit: opts.limit,
    windowMs: opts.windowMs,
    files: [],
    async build() {
      outDir = join(mkdtempSync(join(tmpdir(), 'pacer-k6-build-')), 'k6');
      run.files = await buildK6Scenarios({ outDir });
    },
    bundle: (name) => join(outDir, `${name}.js`),
    async load(name, limiter, env = {}) {
      run.dispose();
      const seen: Array<Record<string, string>> = [];
      const handler = fakeLimiter(limiter ?? { limit: opts.limit, windowMs: opts.windowMs });
      loaded = await loadBundle(run.bundle(name), { ...opts.env, ...env }, (req) => {
        seen.push(req.headers);
        return handler(req);
      });
      return { b: loaded, seen };
    },
    dispose() {
      loaded?.dispose();
      loaded = null;
    },
  };
  return run;
}

/** Runs `count` arrival-rate iterations, each at its scheduled time (or later when the VU lags). */
export function arrivals(
  b: LoadedBundle,
  fn: string,
  count: number,
  intervalMs: number,
  startMs = b.state.scenarioStart,
): void {
  for (let i = 0; i < count; i++) {
    b.state.now = Math.max(b.state.now, startMs + i * intervalMs);
    b.iterate(fn, i);
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'pacer-k6-run-'));

/** The run's k6 JSON output read back by pacer and judged by the Node checks under `limit`/`windowMs`. */
export async function nodeVerdicts(b: LoadedBundle, scenario: string, limit: number, windowMs: number) {
  const policy = loadPolicySync(defaultPolicyPath(), { limit, windowMs });
  const file = join(workDir, `${scenario}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, `${toK6JsonLines(b.state.samples, scenario).join('\n')}\n`);
  const records: TraceRecord[] = await readK6Json(file);
  const verdicts = evaluate(rateLimitChecks.all(), records, { policy });
  return { records, outcome: (id: string) => verdicts.find((v) => v.checkId === id)?.outcome };
}

/** How often the bundle called check() under `id`, and how often it failed. */
export function k6Check(b: LoadedBundle, id: string): { count: number; failed: number } {
  const calls = b.state.checks.filter((c) => c.name === id);
  return { count: calls.length, failed: calls.filter((c) => !c.ok).length };
}
