import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { rateLimitChecks } from './registry';
import { makePolicy, type SimFault, SimTrace } from './test-helpers';
import { runAllProbes } from './test-probes';

const IDS = [
  'RL-HEADERS-PRESENT',
  'RL-HEADERS-WELLFORMED',
  'RL-LIMIT-VALUE',
  'RL-REMAINING-ACCOUNTING',
  'RL-ADMISSION-EXACT',
  'RL-ADMISSION-ATOMIC',
  'RL-RESET-STABLE',
  'RL-RESET-HONOURED',
  'RL-429-SHAPE',
  'RL-RETRY-AFTER-SUFFICIENT',
  'RL-RETRY-AFTER-TIGHT',
  'RL-NO-PENALTY',
  'RL-PER-IP-ISOLATION',
  'RL-KEY-SCOPE',
  'RL-AUTH-FAILURES-COUNTED',
  'RL-GLOBAL-SCOPE',
  'RL-SPOOF-RESISTANT',
  'RL-STEADY-UNDER-LIMIT',
  'RL-NO-CACHE-429',
];

function run(faults: SimFault[], policy = makePolicy(), clockOffsetMs = 0) {
  const sim = new SimTrace({ policy, faults, clockOffsetMs });
  const records = runAllProbes(sim, clockOffsetMs);
  return evaluate(rateLimitChecks.all(), records, { policy, target: 'http://127.0.0.1:8080' });
}

const outcomes = (faults: SimFault[], policy?: ReturnType<typeof makePolicy>, offset?: number) =>
  Object.fromEntries(run(faults, policy, offset).map((v) => [v.checkId, `${v.outcome}: ${v.reason}`]));

describe('rateLimitChecks', () => {
  it('registers exactly the RL-* ids of the contract', () => {
    expect(rateLimitChecks.all().map((c) => c.id)).toEqual(IDS);
  });

  it.each([
    ['strict', 0],
    ['lenient', 0],
    ['strict', 2700],
    ['strict', -4200],
  ] as const)(
    'passes every check on a clean simulated run (retryAfter %s, clock offset %i ms)',
    (retryAfter, offset) => {
      const o = outcomes([], makePolicy({ profile: { retryAfter } }), offset);
      for (const id of IDS) expect(o[id], id).toMatch(/^pass/);
    },
  );

  it('passes with the Partner API numbers (300 per minute)', () => {
    const o = outcomes([], makePolicy({ limit: 300, windowMs: 60_000 }));
    for (const id of IDS) expect(o[id], id).toMatch(/^pass/);
  });

  it('passes with a short test window (20 per 2 s)', () => {
    const o = outcomes(
      [],
      makePolicy({
        limit: 20,
        windowMs: 2000,
        tooManyRequests: { status: 429, bodySchema: {}, windowText: '1 minute' },
      }),
    );
    for (const id of IDS) expect(o[id], id).toMatch(/^pass/);
  });

  const aimed: Array<[SimFault, string[]]> = [
    ['admit-one-extra', ['RL-ADMISSION-EXACT']],
    ['block-one-early', ['RL-ADMISSION-EXACT']],
    ['no-headers-on-429', ['RL-HEADERS-PRESENT']],
    ['no-headers-on-errors', ['RL-HEADERS-PRESENT', 'RL-AUTH-FAILURES-COUNTED']],
    ['remaining-stuck', ['RL-REMAINING-ACCOUNTING']],
    ['remaining-negative', ['RL-REMAINING-ACCOUNTING', 'RL-HEADERS-WELLFORMED']],
    ['reset-in-ms', ['RL-HEADERS-WELLFORMED', 'RL-RESET-STABLE']],
    ['reset-as-delta', ['RL-HEADERS-WELLFORMED', 'RL-RESET-STABLE']],
    ['reset-drifts', ['RL-RESET-STABLE']],
    ['no-retry-after', ['RL-429-SHAPE', 'RL-RETRY-AFTER-SUFFICIENT', 'RL-RETRY-AFTER-TIGHT']],
    ['retry-after-ms', ['RL-429-SHAPE', 'RL-RETRY-AFTER-SUFFICIENT', 'RL-RETRY-AFTER-TIGHT']],
    ['retry-after-short', ['RL-RETRY-AFTER-SUFFICIENT']],
    ['never-resets', ['RL-RESET-HONOURED']],
    ['penalty-on-429', ['RL-NO-PENALTY']],
    ['racy-counter', ['RL-ADMISSION-ATOMIC']],
    ['trust-xff', ['RL-SPOOF-RESISTANT']],
    ['per-key-buckets', ['RL-KEY-SCOPE']],
    ['per-endpoint-buckets', ['RL-GLOBAL-SCOPE']],
    ['wrong-429-body', ['RL-429-SHAPE']],
    ['limit-header-wrong', ['RL-LIMIT-VALUE']],
  ];

  it.each(aimed)('fault %s makes %j fail', (fault, ids) => {
    const o = outcomes([fault]);
    for (const id of ids) expect(o[id], id).toMatch(/^fail/);
  });

  it('every failing verdict carries a reproduction and evidence pointing at records of the run', () => {
    for (const [fault] of aimed) {
      const policy = makePolicy();
      const records = runAllProbes(new SimTrace({ policy, faults: [fault], clockOffsetMs: 0 }), 0);
      const seqs = new Set(records.map((r) => r.seq));
      const failing = evaluate(rateLimitChecks.all(), records, {
        policy,
        target: 'http://127.0.0.1:8080',
      }).filter((x) => x.outcome === 'fail');
      expect(failing.length, fault).toBeGreaterThan(0);
      for (const v of failing) {
        const where = `${fault} ${v.checkId}`;
        expect(v.repro, where).toBeTruthy();
        expect(v.repro).not.toContain('pacer-demo-key');
        expect(v.reason, where).toBeTruthy();
        // A fail must show what it saw: at least one evidence item naming real records, with a message.
        expect(v.evidence.length, where).toBeGreaterThan(0);
        for (const e of v.evidence) {
          expect(e.message, where).toBeTruthy();
          expect(e.seq.length, where).toBeGreaterThan(0);
          for (const seq of e.seq) expect(seqs.has(seq), `${where} seq ${seq}`).toBe(true);
        }
      }
    }
  });
});
