/** RL-RETRY-AFTER-SUFFICIENT and RL-RETRY-AFTER-TIGHT: is Retry-After the right wait? */

import { PROBE } from '../../probes/names';
import { formatDuration, parseRetryAfter, type RetryAfterResult } from '../../ratelimit/headers';
import type { ResponseCheckResult } from '../../ratelimit/response-checks';
import type { TraceRecord } from '../../trace/types';
import { requireProbe, requireStatus } from '../guards';
import type { VerdictBody } from '../types';
import type { RateLimitContext } from './context';
import { rateLimitCheck } from './define';
import { foldResponseChecks } from './per-response';
import { perSource } from './per-source';
import {
  dateMs,
  groupBy,
  isAdmitted,
  isLimited,
  isServerError,
  ofProbe,
  receivedEpochMs,
  recordEvidence,
  resetOf,
  rttMs,
  sourceName,
  toleranceMs,
} from './records';

/** Retry-After of a 429, measured from its own Date (else the local receive time). */
export function retryAfterOf(r: TraceRecord, ctx: RateLimitContext): RetryAfterResult {
  return parseRetryAfter(r.headers.retryAfter, dateMs(r) ?? receivedEpochMs(r), ctx.policy.windowMs);
}

/** A timer may fire a little early; a wait this much short of Retry-After still counts as waiting it. */
const EARLY_SLACK_MS = 20;

export const retryAfterSufficient = rateLimitCheck({
  id: 'RL-RETRY-AFTER-SUFFICIENT',
  title: 'Waiting Retry-After is enough',
  severity: 'high',
  probe: PROBE.retryAfter,
  rule: 'A client that waits what Retry-After says (delay-seconds, or an HTTP-date measured from the response Date; both legal per RFC 9110 10.2.3) is admitted on its next request. Source: Partner API "Rate Limiting" page ("a Retry-After header indicating how long you should wait").',
  guards: [
    requireProbe(PROBE.retryAfter),
    requireStatus((ctx) => ctx.policy.tooManyRequests.status, PROBE.retryAfter),
  ],
  run(records, ctx) {
    const p = ctx.policy;
    return perSource(ofProbe(records, PROBE.retryAfter), (source, rs): VerdictBody => {
      const f = rs.findIndex((r) => isLimited(r, p));
      if (f < 0) return { outcome: 'skip', reason: `${source}: no 429 observed`, evidence: [] };
      const r429 = rs[f];
      const ra = retryAfterOf(r429, ctx);
      if (!ra.ok) {
        return {
          outcome: 'fail',
          reason: `${source}: the 429 (seq ${r429.seq}) has no usable Retry-After: ${ra.message}`,
          evidence: [
            recordEvidence(r429, ra.message, {
              header: p.headers.retryAfter,
              observed: r429.headers.retryAfter ?? 'absent',
            }),
          ],
        };
      }
      const waitedUntil = receivedEpochMs(r429) + ra.delayMs - EARLY_SLACK_MS;
      const rest = rs.slice(f + 1);
      const next = rest.find((r) => r.sentAtEpochMs >= waitedUntil);
      if (!next) {
        return {
          outcome: 'skip',
          reason:
            rest.length > 0
              ? `${source}: no request was sent after waiting Retry-After ${r429.headers.retryAfter} (${formatDuration(ra.delayMs)})`
              : `${source}: no request after the 429 (seq ${r429.seq})`,
          evidence: [],
        };
      }
      const waited = next.sentAtEpochMs - receivedEpochMs(r429);
      const what = `waited ${formatDuration(waited)} after Retry-After ${r429.headers.retryAfter} (${ra.form}, ${formatDuration(ra.delayMs)}) on seq ${r429.seq}`;
      const evidence = [
        recordEvidence(r429, `429 with Retry-After ${r429.headers.retryAfter}`, {
          header: p.headers.retryAfter,
        }),
        recordEvidence(next, `${what}: status ${next.status ?? `network error ${next.error?.code ?? ''}`}`, {
          expected: 'admitted',
          observed: String(next.status),
        }),
      ];
      if (next.status === null)
        return {
          outcome: 'skip',
          reason: `${source}: the request after the wait failed (network error)`,
          evidence,
        };
      if (isServerError(next))
        return {
          outcome: 'skip',
          reason: `${source}: ${what}, then ${next.status}: a server error does not show whether the limiter admitted it`,
          evidence,
        };
      if (isAdmitted(next, p))
        return { outcome: 'pass', reason: `${source}: ${what}, then admitted`, evidence };
      return { outcome: 'fail', reason: `${source}: ${what}, still ${next.status}`, evidence };
    });
  },
});

/** Reset (epoch ms) for each record: its own, else the newest earlier one from the same source and probe. */
function resetByRecord(records: readonly TraceRecord[], ctx: RateLimitContext): Map<number, number> {
  const out = new Map<number, number>();
  const groups = groupBy(
    [...records].sort((a, b) => a.seq - b.seq),
    (r) => `${sourceName(r.source)} / ${r.probe}`,
  );
  for (const rs of groups.values()) {
    let last: number | null = null;
    for (const r of rs) {
      const own = resetOf(r, ctx.policy).resetEpochMs;
      if (own !== null) last = own;
      if (last !== null) out.set(r.seq, last);
    }
  }
  return out;
}

export const retryAfterTight = rateLimitCheck({
  id: 'RL-RETRY-AFTER-TIGHT',
  title: 'Retry-After does not overshoot the reset',
  severity: 'medium',
  probe: PROBE.retryAfter,
  profile: ['retryAfter', 'timingToleranceMs'],
  rule: 'Every 429 has a usable Retry-After that does not ask for more than needed. Profile strict: at most (Reset - Date) + 1 s + round trip + tolerance; lenient: at most one window + the same tolerance. Source: Partner API "Rate Limiting" page; draft-ietf-httpapi-ratelimit-headers (Retry-After vs the window end).',
  guards: [requireStatus((ctx) => ctx.policy.tooManyRequests.status)],
  run(records, ctx): VerdictBody {
    const p = ctx.policy;
    const resets = resetByRecord(records, ctx);
    const id = 'RL-RETRY-AFTER-TIGHT';
    const strict = p.profile.retryAfter === 'strict';
    let unjudged = 0;
    const judge = (r: TraceRecord): ResponseCheckResult => {
      const no = (why: string): ResponseCheckResult => ({
        id,
        ok: false,
        message: why,
        applicable: true,
        problems: [why],
      });
      if (!isLimited(r, p)) return { id, ok: true, message: '', applicable: false, problems: [] };
      const ra = retryAfterOf(r, ctx);
      if (!ra.ok) return no(`429 without a usable Retry-After: ${ra.message}`);
      const tol = toleranceMs(p, rttMs(r));
      if (!strict) {
        if (ra.delayMs > p.windowMs + tol) {
          return no(
            `Retry-After ${r.headers.retryAfter} (${formatDuration(ra.delayMs)}) is longer than one ${formatDuration(p.windowMs)} window`,
          );
        }
        return { id, ok: true, message: '', applicable: true, problems: [] };
      }
      const reset = resets.get(r.seq);
      const date = dateMs(r) ?? receivedEpochMs(r);
      if (reset === undefined) {
        unjudged++;
        return { id, ok: true, message: '', applicable: false, problems: [] };
      }
      // A Reset already past means "now": waiting longer than that is the overshoot.
      const needed = Math.max(0, reset - date);
      const overshoot = ra.delayMs - needed;
      if (overshoot > tol) {
        return no(
          `Retry-After ${r.headers.retryAfter} overshoots the reset by ${formatDuration(overshoot)} (Reset - Date = ${formatDuration(reset - date)})`,
        );
      }
      return { id, ok: true, message: '', applicable: true, problems: [] };
    };
    const limited = records.filter((r) => isLimited(r, p));
    const body = foldResponseChecks(limited, ctx, judge, {
      what: '429 responses',
      header: p.headers.retryAfter,
    });
    if (body.outcome === 'skip' && unjudged > 0) {
      return {
        outcome: 'skip',
        reason: `no readable ${p.headers.reset} to compare Retry-After with on ${unjudged} 429 responses`,
        evidence: [],
      };
    }
    if (body.outcome === 'pass') {
      const bound = strict
        ? 'Reset - Date (+ tolerance)'
        : `one window (${formatDuration(p.windowMs)}, + tolerance)`;
      return {
        ...body,
        reason: `${body.reason}: Retry-After within ${bound}${unjudged ? `; ${unjudged} without a Reset not judged` : ''}`,
      };
    }
    return body;
  },
});
