/** RL-STEADY-UNDER-LIMIT: a client under the limit is never throttled. */

import { PROBE } from '../../probes/names';
import { formatDuration } from '../../ratelimit/headers';
import type { TraceRecord } from '../../trace/types';
import { requireProbe, requireResponses } from '../guards';
import type { VerdictBody } from '../types';
import { rateLimitCheck } from './define';
import { perSource } from './per-source';
import { isLimited, ofProbe, recordEvidence, resetOf } from './records';

const answeredAt = (r: TraceRecord): number => r.firstByteMs ?? r.endMs ?? r.sentMs;

/**
 * Most requests the server could have counted in a window of `windowMs` that ends with `r`. The
 * server handled each request somewhere between its send and its first byte, so a request counts
 * when that span reaches into (r sent - window, r answered]: a stall that delays handling widens the
 * spans, and requests sent just over a window apart are not mistaken for an under-limit client.
 */
function mostInWindowEndingAt(rs: readonly TraceRecord[], r: TraceRecord, windowMs: number): number {
  return rs.filter((x) => x.sentMs <= answeredAt(r) && answeredAt(x) > r.sentMs - windowMs).length;
}

/** Most requests sent within any span shorter than `windowMs` (two pointers over send times). */
export function busiestWindow(rs: readonly TraceRecord[], windowMs: number): number {
  const times = rs.map((r) => r.sentMs).sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** The rule asks for several windows near the limit: less traffic cannot show a compliant client throttled. */
const MIN_WINDOWS = 2;
/** Busiest-window share of the limit below which the client was never near it (the probe aims at 95 %). */
const MIN_SHARE = 0.85;
/** Send jitter may shorten the observed span slightly (a late first send): 2 windows within 5 % count. */
const SPAN_SLACK = 0.95;

/** Requests whose responses carry the same Reset as `r`: the server's own account of its window. */
function sameWindowByReset(
  rs: readonly TraceRecord[],
  r: TraceRecord,
  ctx: Parameters<typeof resetOf>[1],
): number | null {
  const mine = resetOf(r, ctx);
  if (mine.kind !== 'epoch-seconds') return null;
  return rs.filter((x) => x.headers.reset !== null && resetOf(x, ctx).resetEpochMs === mine.resetEpochMs)
    .length;
}

export const steadyUnderLimit = rateLimitCheck({
  id: 'RL-STEADY-UNDER-LIMIT',
  title: 'A client under the limit is never throttled',
  severity: 'critical',
  probe: PROBE.steady,
  rule: 'A client sending evenly spaced below the limit (e.g. 95 %) over several windows is never answered 429. A 429 is a finding when at most Limit requests (the 429 included) could have been handled in the window of the policy length ending with it, and, when Reset is readable, at most Limit responses carry its Reset value. Without such a 429, the check passes only when the traffic spans at least 2 windows with the busiest at 85 % of Limit or more (a skip otherwise). Source: Partner API "Rate Limiting" page ("300 requests per minute").',
  guards: [requireProbe(PROBE.steady), requireResponses(PROBE.steady)],
  run(records, ctx) {
    const p = ctx.policy;
    return perSource(ofProbe(records, PROBE.steady), (source, rs): VerdictBody => {
      const sent = rs.filter((r) => r.status !== null || r.error !== undefined);
      const busiest = busiestWindow(sent, p.windowMs);
      const span = sent.length > 0 ? sent[sent.length - 1].sentMs - sent[0].sentMs : 0;
      // n evenly spaced requests cover n gaps (the last one's included), not the n - 1 between them.
      const windows = sent.length > 1 ? (span * sent.length) / (sent.length - 1) / p.windowMs : 0;
      const limited = rs.filter((r) => isLimited(r, p));
      const unjustified = limited.filter((r) => {
        const byTime = mostInWindowEndingAt(sent, r, p.windowMs);
        const byReset = sameWindowByReset(sent, r, p);
        return byTime <= p.limit && (byReset === null || byReset <= p.limit);
      });
      const summary = `${sent.length} requests over ${formatDuration(span)} (${windows.toFixed(1)} windows), at most ${busiest} sent in any ${formatDuration(p.windowMs)}`;
      if (unjustified.length > 0) {
        return {
          outcome: 'fail',
          reason: `${source}: ${unjustified.length} 429s while under the limit; ${summary}`,
          evidence: unjustified
            .slice(0, 10)
            .map((r) =>
              recordEvidence(
                r,
                `429 with at most ${mostInWindowEndingAt(sent, r, p.windowMs)} requests (this one included) in the ${formatDuration(p.windowMs)} before it (limit ${p.limit})`,
                { expected: 'admitted', observed: String(r.status) },
              ),
            ),
        };
      }
      // A 429 while surely under the limit is a finding at any volume; a pass needs the volume.
      const tooShort = windows < MIN_WINDOWS * SPAN_SLACK;
      const tooLight = busiest < MIN_SHARE * p.limit;
      if (tooShort || tooLight) {
        const why = tooShort
          ? `the steady traffic spans fewer than ${MIN_WINDOWS} windows`
          : `the busiest window carried ${busiest} requests, below ${Math.round(MIN_SHARE * 100)} % of the limit ${p.limit}`;
        return { outcome: 'skip', reason: `${source}: ${why}; ${summary}`, evidence: [] };
      }
      if (limited.length > 0) {
        // Every 429 came when the probe's own timing jitter may have put more than Limit in one window.
        return {
          outcome: 'pass',
          reason: `${source}: ${limited.length} 429s, each after more than ${p.limit} requests may have reached the server within one window (probe timing jitter), none while surely under the limit; ${summary}`,
          evidence: limited
            .slice(0, 5)
            .map((r) => recordEvidence(r, '429 at a window with more than Limit possible requests')),
        };
      }
      return { outcome: 'pass', reason: `${source}: no 429; ${summary}`, evidence: [] };
    });
  },
});
