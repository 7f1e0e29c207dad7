/** RL-REMAINING-ACCOUNTING, RL-ADMISSION-EXACT, RL-ADMISSION-ATOMIC: how many get in per window. */
import { PROBE } from '../../probes/names';
import { parseNonNegativeInt } from '../../ratelimit/headers';
import type { TraceRecord } from '../../trace/types';
import { type Guard, requireProbe, requireResponses } from '../guards';
import type { Evidence } from '../types';
import type { RateLimitContext } from './context';
import { rateLimitCheck } from './define';
import { perFirstWindow, perSource } from './per-source';
import { groupBy, isAdmitted, isLimited, ofProbe, recordEvidence, resetOf, seqText } from './records';

/** Exact per-window counts need a window: a token bucket refills continuously. */
const requireCountingWindow: Guard<RateLimitContext> = (_records, ctx) =>
  ctx.policy.profile.algorithm === 'token-bucket'
    ? 'profile algorithm token-bucket: refills make an exact count per window undefined (RL-ADMISSION-ATOMIC and RL-STEADY-UNDER-LIMIT still apply)'
    : null;

const MAX_EVIDENCE = 12;

export const remainingAccounting = rateLimitCheck({
  id: 'RL-REMAINING-ACCOUNTING',
  title: 'X-RateLimit-Remaining counts down exactly',
  severity: 'high',
  probe: PROBE.exhaust,
  rule: 'Within one window, for one sequential client starting from a fresh window, X-RateLimit-Remaining = Limit - requests counted so far: Limit-1 on the first request, down by exactly 1 per request, 0 on the last admitted request and on every 429, never negative. Source: Partner API "Rate Limiting" page ("The number of requests you have left in this window").',
  profile: ['algorithm'],
  guards: [requireProbe(PROBE.exhaust), requireResponses(PROBE.exhaust), requireCountingWindow],
  run(records, ctx) {
    const p = ctx.policy;
    return perFirstWindow(records, ctx, PROBE.exhaust, (source, win) => {
      const problems: Evidence[] = [];
      let judged = 0;
      let admitted = 0;
      let lastAdmitted: { r: TraceRecord; value: number | null } | null = null;
      let limitedAfter = false;
      for (const r of win.inside) {
        if (r.status === null) continue;
        const limited = isLimited(r, p);
        if (!limited) admitted++;
        if (limited && lastAdmitted) limitedAfter = true;
        const raw = r.headers.remaining;
        if (raw === null) continue;
        judged++;
        const parsed = parseNonNegativeInt(raw);
        const expected = limited ? 0 : Math.max(0, p.limit - admitted);
        const where = limited
          ? `on ${r.status}`
          : `after ${admitted} admitted request${admitted === 1 ? '' : 's'}`;
        if (!parsed.ok) {
          problems.push(
            recordEvidence(r, `${p.headers.remaining} ${where}: ${parsed.message}`, {
              header: p.headers.remaining,
              expected: String(expected),
              observed: raw,
            }),
          );
        } else if (parsed.value !== expected) {
          problems.push(
            recordEvidence(r, `${p.headers.remaining} ${where} is ${parsed.value}, expected ${expected}`, {
              header: p.headers.remaining,
              expected: String(expected),
              observed: raw,
            }),
          );
        }
        if (!limited) lastAdmitted = { r, value: parsed.ok ? parsed.value : null };
      }
      if (judged === 0)
        return {
          outcome: 'skip',
          reason: `${source}: no ${p.headers.remaining} values to judge`,
          evidence: [],
        };
      if (limitedAfter && lastAdmitted && lastAdmitted.value !== null && lastAdmitted.value !== 0) {
        const seen = problems.some((e) => e.seq[0] === lastAdmitted?.r.seq);
        if (!seen) {
          problems.push(
            recordEvidence(
              lastAdmitted.r,
              `last admitted request before the 429 has ${p.headers.remaining} ${lastAdmitted.value}, expected 0`,
              {
                header: p.headers.remaining,
                expected: '0',
                observed: String(lastAdmitted.value),
              },
            ),
          );
        }
      }
      if (problems.length === 0) {
        return {
          outcome: 'pass',
          reason: `${source}: ${judged} values count down from ${p.limit - 1} by 1 (${admitted} admitted in the window)`,
          evidence: [],
        };
      }
      return {
        outcome: 'fail',
        reason: `${source}: ${problems.length} of ${judged} ${p.headers.remaining} values wrong; first: ${problems[0].message}`,
        evidence: problems.slice(0, MAX_EVIDENCE),
      };
    });
  },
});

export const admissionExact = rateLimitCheck({
  id: 'RL-ADMISSION-EXACT',
  title: 'Exactly Limit requests admitted per window',
  severity: 'critical',
  probe: PROBE.exhaust,
  rule: 'From a fresh window, a sequential client gets exactly Limit requests admitted: request Limit+1 is the first 429 (no off-by-one either way), and nothing is admitted after it within the window. Source: Partner API "Rate Limiting" page ("300 requests per minute per unique IP address").',
  profile: ['algorithm'],
  guards: [requireProbe(PROBE.exhaust), requireResponses(PROBE.exhaust), requireCountingWindow],
  run(records, ctx) {
    const p = ctx.policy;
    return perFirstWindow(records, ctx, PROBE.exhaust, (source, win) => {
      const firstLimited = win.inside.findIndex((r) => isLimited(r, p));
      const before = firstLimited < 0 ? win.inside : win.inside.slice(0, firstLimited);
      const admitted = before.filter((r) => isAdmitted(r, p));
      const errors = before.filter((r) => r.status === null);
      if (firstLimited < 0) {
        if (admitted.length > p.limit) {
          const extra = admitted.slice(p.limit);
          return {
            outcome: 'fail',
            reason: `${source}: ${admitted.length} requests admitted in one window and no 429 (limit ${p.limit})`,
            evidence: [
              {
                seq: extra.map((r) => r.seq),
                message: `requests beyond the limit admitted: ${seqText(extra)}`,
                expected: `first 429 at request ${p.limit + 1}`,
                observed: `${admitted.length} admitted`,
                atMs: extra[0].sentMs,
              },
            ],
          };
        }
        const late =
          win.ambiguous.length > 0 ? ` (${win.ambiguous.length} more sent as the window ended)` : '';
        return {
          outcome: 'skip',
          reason: `${source}: no 429 observed: only ${win.inside.length} requests inside the first window${late}`,
          evidence: [],
        };
      }
      const r429 = win.inside[firstLimited];
      const afterAdmitted = win.inside.slice(firstLimited + 1).filter((r) => isAdmitted(r, p));
      const evidence: Evidence[] = [];
      if (admitted.length !== p.limit) {
        const uncertain =
          errors.length > 0 && admitted.length < p.limit && admitted.length + errors.length >= p.limit;
        if (uncertain) {
          return {
            outcome: 'skip',
            reason: `${source}: ${errors.length} network errors before the first 429 make the count uncertain`,
            evidence: [],
          };
        }
        evidence.push(
          recordEvidence(
            r429,
            `first 429 at request ${firstLimited + 1}: ${admitted.length} admitted before it`,
            {
              expected: `${p.limit} admitted, first 429 at request ${p.limit + 1}`,
              observed: `${admitted.length} admitted`,
            },
          ),
        );
      }
      if (afterAdmitted.length > 0) {
        evidence.push({
          seq: afterAdmitted.map((r) => r.seq),
          message: `admitted after the first 429 in the same window: ${seqText(afterAdmitted)}`,
          atMs: afterAdmitted[0].sentMs,
        });
      }
      if (evidence.length === 0) {
        return {
          outcome: 'pass',
          reason: `${source}: ${p.limit} admitted, first 429 at request ${p.limit + 1} (seq ${r429.seq})`,
          evidence: [],
        };
      }
      return { outcome: 'fail', reason: `${source}: ${evidence.map((e) => e.message).join('; ')}`, evidence };
    });
  },
});

/** Most requests in flight at once (sent, not yet answered). */
export function maxInFlight(records: readonly TraceRecord[]): number {
  const events: Array<[number, number]> = [];
  for (const r of records) {
    events.push([r.sentMs, 1]);
    events.push([r.endMs ?? r.firstByteMs ?? r.sentMs, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) {
    now += d;
    max = Math.max(max, now);
  }
  return max;
}

export const admissionAtomic = rateLimitCheck({
  id: 'RL-ADMISSION-ATOMIC',
  title: 'A concurrent burst admits at most Limit',
  severity: 'critical',
  probe: PROBE.burst,
  rule: 'A burst of requests in flight together (e.g. 2 x Limit) from one address admits at most Limit per window: the counter is atomic. Windows are told apart by their X-RateLimit-Reset value. Source: the documented per-IP limit; race conditions in limiter counters (field notes 5.3).',
  guards: [requireProbe(PROBE.burst), requireResponses(PROBE.burst)],
  run(records, ctx) {
    const p = ctx.policy;
    return perSource(ofProbe(records, PROBE.burst), (source, rs) => {
      const answered = rs.filter((r) => r.status !== null);
      if (answered.length <= p.limit) {
        return {
          outcome: 'skip',
          reason: `${source}: a burst of ${answered.length} answered requests cannot exceed the limit ${p.limit}`,
          evidence: [],
        };
      }
      const inFlight = maxInFlight(rs);
      if (inFlight < 2) {
        return {
          outcome: 'skip',
          reason: `${source}: the burst requests were not in flight together`,
          evidence: [],
        };
      }
      const windows = groupBy(
        answered.filter((r) => isAdmitted(r, p)),
        (r) => {
          const at = resetOf(r, p).resetEpochMs;
          return at === null ? 'unknown' : String(Math.round(at / 1000));
        },
      );
      const evidence: Evidence[] = [];
      const counts: string[] = [];
      for (const [reset, admitted] of windows) {
        counts.push(`${admitted.length} admitted (Reset ${reset})`);
        if (admitted.length > p.limit) {
          const extra = admitted.slice(p.limit);
          evidence.push({
            seq: extra.map((r) => r.seq),
            message: `${admitted.length} admitted in the window with Reset ${reset}, limit ${p.limit}: ${extra.length} too many (${seqText(extra)})`,
            expected: `<= ${p.limit}`,
            observed: String(admitted.length),
            header: p.headers.reset,
            atMs: extra[0].sentMs,
          });
        }
      }
      const summary = `${source}: ${answered.length} answered, up to ${inFlight} in flight; ${counts.join(', ') || 'none admitted'}`;
      return evidence.length > 0
        ? { outcome: 'fail', reason: summary, evidence }
        : { outcome: 'pass', reason: summary, evidence: [] };
    });
  },
});
