/**
 * The built k6 bundles, without a k6 binary: static checks (ES2019 syntax, only k6 imports, no Node
 * built-ins, policy inlined) and their `options` (executors, thresholds, limits from the
 * environment), read by evaluating each bundle with stubbed k6 modules.
 */
import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../src/k6/test-run';
import { useFakeK6Run } from './k6-fake-run';

const run = useFakeK6Run();
const load = run.load;
const bundle = run.bundle;

describe('k6 bundles (static)', () => {
  it('builds one bundle per scenario', () => {
    expect(run.files.map((f) => f.split('/').pop())).toEqual(SCENARIOS.map((s) => `${s}.js`));
  });

  it.each(SCENARIOS)(
    '%s: ES2019 as built (nothing left to lower), k6-only imports, no Node built-ins',
    async (name) => {
      const code = readFileSync(bundle(name), 'utf8');
      const at2019 = await transform(code, { format: 'esm', target: 'es2019' });
      const atNext = await transform(code, { format: 'esm', target: 'esnext' });
      expect(at2019.code).toBe(atNext.code);
      const imports = [...code.matchAll(/\bimport\s*(?:[\w*{}\s,]+\s*from\s*)?["']([^"']+)["']/g)].map(
        (m) => m[1],
      );
      expect(imports.length).toBeGreaterThan(0);
      for (const spec of imports) expect(spec).toMatch(/^k6(\/[a-z]+)?$/);
      const withoutComments = code.replace(/^\s*\/\/.*$/gm, '');
      expect(withoutComments).not.toMatch(/\bimport\(|\brequire\(|["']node:|\bprocess\.|__PACER_K6_CONFIG__/);
      // Built-ins newer than ES2019 are not lowered by esbuild and may be missing in k6's runtime.
      expect(withoutComments).not.toMatch(
        /\.at\(|Object\.hasOwn|\.replaceAll\(|\.matchAll\(|structuredClone/,
      );
      expect(code).toContain('"X-RateLimit-Remaining"');
      expect(code).toContain('getPartnerNetworkFee');
    },
  );

  it('the ES2019 comparison does catch ES2020 syntax', async () => {
    const code = 'export const f = (a) => a ?? a?.b;';
    const at2019 = await transform(code, { format: 'esm', target: 'es2019' });
    const atNext = await transform(code, { format: 'esm', target: 'esnext' });
    expect(at2019.code).not.toBe(atNext.code);
  });
});

describe('k6 options', () => {
  const expected: Record<string, Record<string, string>> = {
    burst: { exhaust: 'constant-arrival-rate', burst: 'per-vu-iterations' },
    capacity: { capacity: 'ramping-arrival-rate' },
    'mixed-endpoints': { 'mixed-endpoints': 'per-vu-iterations' },
    'reset-boundary': { 'reset-boundary': 'per-vu-iterations' },
    'retry-after': { 'retry-after': 'per-vu-iterations' },
    soak: { soak: 'constant-arrival-rate' },
    spoof: { spoof: 'per-vu-iterations' },
    steady: { steady: 'constant-arrival-rate' },
  };

  it.each(SCENARIOS)('%s: executors, check thresholds, 429 expected, handleSummary', async (name) => {
    const { b } = await load(name, null);
    const options = b.exports.options as {
      scenarios: Record<string, { executor: string }>;
      thresholds: Record<string, string[]>;
    };
    const executors = Object.fromEntries(Object.entries(options.scenarios).map(([k, v]) => [k, v.executor]));
    expect(executors).toEqual(expected[name]);
    for (const id of ['RL-HEADERS-PRESENT', 'RL-HEADERS-WELLFORMED', 'RL-LIMIT-VALUE']) {
      expect(options.thresholds[`checks{check:${id}}`]).toEqual(['rate==1']);
    }
    // Advisory (warn level in the bundled policy): reported, never a threshold.
    expect(options.thresholds['checks{check:RL-NO-CACHE-429}']).toBeUndefined();
    expect(b.state.responseCallbackSet).toBe(true);
    expect(typeof b.exports.handleSummary).toBe('function');
  });

  it('rates follow the limit and window from the environment', async () => {
    const steady = (await load('steady', null)).b.exports.options as {
      scenarios: { steady: { rate: number; timeUnit: string; duration: string } };
    };
    expect(steady.scenarios.steady).toMatchObject({ rate: 9, timeUnit: '10000ms', duration: '30000ms' });
    const burst = (await load('burst', null, { PACER_BURST_FACTOR: '2' })).b.exports.options as {
      scenarios: { exhaust: { rate: number }; burst: { startTime: string } };
      batchPerHost: number;
    };
    expect(burst.scenarios.exhaust.rate).toBe(20);
    expect(burst.batchPerHost).toBe(20);
    // (limit + 5) arrivals at 20 per 10 s = 7.5 s, then one window and 2 s.
    expect(burst.scenarios.burst.startTime).toBe('19500ms');
  });

  it('capacity takes localIPs and the peak from the environment', async () => {
    const { b } = await load('capacity', null, {
      PACER_LOCAL_IPS: '10.0.0.10-10.0.0.40',
      PACER_CAPACITY_PEAK: '80',
    });
    const options = b.exports.options as {
      localIPs: string;
      scenarios: { capacity: { stages: Array<{ target: number }> } };
    };
    expect(options.localIPs).toBe('10.0.0.10-10.0.0.40');
    expect(options.scenarios.capacity.stages.map((s) => s.target)).toEqual([20, 40, 60, 80, 80]);
  });

  it('a bad environment value stops the script at init, naming the variable', async () => {
    await expect(load('steady', null, { PACER_LIMIT: 'lots' })).rejects.toThrow(/PACER_LIMIT/);
  });
});
