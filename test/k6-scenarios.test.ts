/**
 * The k6 scenarios' behaviour, run with stubbed k6 modules against a fake fixed-window limiter on a
 * fake clock, judged both by the in-k6 checks and, through the k6 JSON output, by the Node
 * rate-limit checks.
 */
import { describe, expect, it } from 'vitest';
import type { LimiterOptions } from '../src/k6/test-harness';
import { arrivals, nodeVerdicts as judgeByNode, k6Check } from '../src/k6/test-run';
import { LIMIT, SECRET, useFakeK6Run, WINDOW_MS } from './k6-fake-run';

const run = useFakeK6Run();
const load = run.load;

const nodeVerdicts = (b: Parameters<typeof judgeByNode>[0], scenario: string) =>
  judgeByNode(b, scenario, LIMIT, WINDOW_MS);

describe('k6 scenarios against a fake limiter, judged in k6 and by pacer', () => {
  it('mixed-endpoints: one quota passes RL-GLOBAL-SCOPE; per-endpoint buckets fail it in both', async () => {
    let { b } = await load('mixed-endpoints', null);
    b.iterate('default');
    expect(k6Check(b, 'RL-GLOBAL-SCOPE')).toEqual({ count: 1, failed: 0 });
    expect(k6Check(b, 'RL-HEADERS-PRESENT')).toEqual({ count: LIMIT + 5, failed: 0 });
    expect(k6Check(b, 'RL-429-SHAPE')).toEqual({ count: 5, failed: 0 });
    let node = await nodeVerdicts(b, 'mixed-endpoints');
    expect(node.records.length).toBe(LIMIT + 5);
    expect(new Set(node.records.map((r) => r.operationId)).size).toBe(3);
    expect(node.outcome('RL-GLOBAL-SCOPE')).toBe('pass');
    expect(node.outcome('RL-429-SHAPE')).toBe('pass');

    ({ b } = await load('mixed-endpoints', { limit: LIMIT, windowMs: WINDOW_MS, faults: ['per-endpoint'] }));
    b.iterate('default');
    expect(k6Check(b, 'RL-GLOBAL-SCOPE')).toEqual({ count: 1, failed: 1 });
    node = await nodeVerdicts(b, 'mixed-endpoints');
    expect(node.outcome('RL-GLOBAL-SCOPE')).toBe('fail');
  });

  it('spoof: trusting X-Forwarded-For fails RL-SPOOF-RESISTANT in both', async () => {
    let { b } = await load('spoof', null);
    b.iterate('default');
    expect(k6Check(b, 'RL-SPOOF-RESISTANT')).toEqual({ count: 9, failed: 0 });
    expect((await nodeVerdicts(b, 'spoof')).outcome('RL-SPOOF-RESISTANT')).toBe('pass');

    ({ b } = await load('spoof', { limit: LIMIT, windowMs: WINDOW_MS, faults: ['trust-xff'] }));
    b.iterate('default');
    // The fake trusts all three forwarding headers, so every spoofed request gets a fresh quota.
    expect(k6Check(b, 'RL-SPOOF-RESISTANT')).toEqual({ count: 9, failed: 9 });
    const node = await nodeVerdicts(b, 'spoof');
    expect(node.outcome('RL-SPOOF-RESISTANT')).toBe('fail');
    expect(node.records.filter((r) => r.requestHeaders?.['X-Forwarded-For']).length).toBe(3);
  });

  it('retry-after: waiting Retry-After is enough (k6 and pacer agree)', async () => {
    const { b } = await load('retry-after', null);
    b.iterate('default');
    expect(k6Check(b, 'RL-RETRY-AFTER-SUFFICIENT')).toEqual({ count: 1, failed: 0 });
    const node = await nodeVerdicts(b, 'retry-after');
    expect(node.outcome('RL-RETRY-AFTER-SUFFICIENT')).toBe('pass');
    // The wait really happened on the (fake) clock: about one window after the first request.
    const last = node.records[node.records.length - 1];
    expect(last.sentMs).toBeGreaterThanOrEqual(WINDOW_MS - 1000);
    expect(last.status).toBe(200);
  });

  it('retry-after: a 429 without Retry-After fails the check (k6 has no skip) and RL-429-SHAPE', async () => {
    const { b } = await load('retry-after', {
      limit: LIMIT,
      windowMs: WINDOW_MS,
      faults: ['no-retry-after'],
    });
    b.iterate('default');
    expect(k6Check(b, 'RL-RETRY-AFTER-SUFFICIENT')).toEqual({ count: 1, failed: 1 });
    expect(k6Check(b, 'RL-429-SHAPE')).toEqual({ count: 1, failed: 1 });
    expect(b.state.warnings.join('\n')).toMatch(/RL-RETRY-AFTER-SUFFICIENT: cannot honour/);
    expect((await nodeVerdicts(b, 'retry-after')).outcome('RL-429-SHAPE')).toBe('fail');
  });

  it('reset-boundary: polls across the advertised reset; RL-RESET-HONOURED passes in both', async () => {
    const { b } = await load('reset-boundary', null);
    b.iterate('default');
    expect(k6Check(b, 'RL-RESET-HONOURED')).toEqual({ count: 1, failed: 0 });
    const node = await nodeVerdicts(b, 'reset-boundary');
    const polls = node.records.length - (LIMIT + 1);
    expect(polls).toBeGreaterThan(3);
    expect(node.outcome('RL-RESET-HONOURED')).toBe('pass');
  });

  it('burst: exhaust + concurrent burst pass; one extra admission fails in both', async () => {
    const run = async (faults: LimiterOptions['faults']) => {
      const { b } = await load('burst', { limit: LIMIT, windowMs: WINDOW_MS, faults });
      const opts = b.exports.options as { scenarios: { exhaust: { rate: number } } };
      const interval = WINDOW_MS / opts.scenarios.exhaust.rate;
      arrivals(b, 'exhaust', LIMIT + 5, interval);
      b.state.now = b.state.scenarioStart + (LIMIT + 5) * interval + WINDOW_MS + 2000;
      b.iterate('burst');
      return { b, node: await nodeVerdicts(b, 'burst') };
    };
    let { b, node } = await run([]);
    expect(k6Check(b, 'RL-ADMISSION-ATOMIC')).toEqual({ count: 1, failed: 0 });
    expect(node.records.filter((r) => r.probe === 'burst').length).toBe(2 * LIMIT);
    expect(node.outcome('RL-ADMISSION-EXACT')).toBe('pass');
    expect(node.outcome('RL-ADMISSION-ATOMIC')).toBe('pass');
    expect(node.outcome('RL-REMAINING-ACCOUNTING')).toBe('pass');
    // Open model: the intended send times are the schedule's, 2/3 s apart at 1.5 x the limit.
    const exhaust = node.records.filter((r) => r.probe === 'exhaust');
    expect(exhaust[1].intendedMs - exhaust[0].intendedMs).toBeCloseTo(WINDOW_MS / 15, 0);

    ({ b, node } = await run(['admit-one-extra']));
    expect(k6Check(b, 'RL-ADMISSION-ATOMIC')).toEqual({ count: 1, failed: 1 });
    expect(node.outcome('RL-ADMISSION-EXACT')).toBe('fail');
    expect(node.outcome('RL-ADMISSION-ATOMIC')).toBe('fail');
  });

  it('steady: three windows at 95 % are never throttled', async () => {
    const { b } = await load('steady', null);
    const opts = b.exports.options as { scenarios: { steady: { rate: number } } };
    const rate = opts.scenarios.steady.rate;
    arrivals(b, 'default', 3 * rate, WINDOW_MS / rate);
    expect(k6Check(b, 'RL-STEADY-UNDER-LIMIT')).toEqual({ count: 3 * rate, failed: 0 });
    expect((await nodeVerdicts(b, 'steady')).outcome('RL-STEADY-UNDER-LIMIT')).toBe('pass');
  });

  it('reset in milliseconds fails RL-HEADERS-WELLFORMED on every response in k6', async () => {
    const { b } = await load('mixed-endpoints', {
      limit: LIMIT,
      windowMs: WINDOW_MS,
      faults: ['reset-in-ms'],
    });
    b.iterate('default');
    expect(k6Check(b, 'RL-HEADERS-WELLFORMED')).toEqual({ count: LIMIT + 5, failed: LIMIT + 5 });
    expect(b.state.warnings.length).toBeGreaterThan(0);
    expect((await nodeVerdicts(b, 'mixed-endpoints')).outcome('RL-HEADERS-WELLFORMED')).toBe('fail');
  });

  it('sends the API key but never writes it into a tag, a log line or a summary', async () => {
    const { b, seen } = await load('spoof', { limit: LIMIT, windowMs: WINDOW_MS, faults: ['trust-xff'] });
    b.iterate('default');
    expect(seen.every((h) => h['x-api-key'] === SECRET)).toBe(true);
    expect(JSON.stringify(b.state.samples)).not.toContain(SECRET);
    expect(b.state.warnings.join('\n')).not.toContain(SECRET);
    const summary = (b.exports.handleSummary as (d: unknown) => Record<string, string>)({
      root_group: { checks: [{ name: 'RL-SPOOF-RESISTANT', passes: 6, fails: 3 }] },
      metrics: {},
    });
    expect(Object.keys(summary).sort()).toEqual([
      'out/reports/k6-spoof.junit.xml',
      'out/reports/k6-spoof.summary.json',
      'stdout',
    ]);
    expect(summary['out/reports/k6-spoof.junit.xml']).toContain('<failure message="3 of 9 responses failed');
    expect(JSON.stringify(summary)).not.toContain(SECRET);
  });

  it('capacity: trace sampling keeps every Nth response while checks see all', async () => {
    const { b } = await load('capacity', null, { PACER_TRACE_EVERY: '4' });
    for (let i = 0; i < 12; i++) b.iterate('default', i);
    expect(b.state.samples.filter((s) => s.metric === 'pacer_trace').length).toBe(3);
    expect(k6Check(b, 'RL-HEADERS-PRESENT').count).toBe(12);
  });
});
