/** RL-RESET-STABLE and RL-RESET-HONOURED: what X-RateLimit-Reset promises, and whether it is kept. */

import { PROBE } from '../../probes/names';
import { formatDuration, formatOffset } from '../../ratelimit/headers';
import type { TraceRecord } from '../../trace/types';
import { requireProbe, requireResponses, requireStatus } from '../guards';
import type { Evidence, VerdictBody } from '../types';
import type { RateLimitContext } from './context';
import { rateLimitCheck } from './define';
import { perSource } from './per-source';
import {
  clockOffsetMs,
  dateMs,
  groupBy,
  intHeader,
  isAdmitted,
  isLimited,
  ofProbe,
  recordEvidence,
  resetOf,
  responded,
  rttMs,
  seqText,
  serverAtMs,
  sourceName,
  toleranceMs,
} from './records';
import { reproFor } from './repro-line';

const MAX_MOVES = 10;

function judgeStability(
  rs: readonly TraceRecord[],
  ctx: RateLimitContext,
  offset: number,
): {
  unit: Map<string, TraceRecord[]>;
  bounds: Evidence[];
  moves: Evidence[];
  judged: number;
} {
  const p = ctx.policy;
  const unit = new Map<string, TraceRecord[]>();
  const bounds: Evidence[] = [];
  const moves: Evidence[] = [];
  let judged = 0;
  let current: { value: number; r: TraceRecord } | null = null;
  for (const r of rs) {
    if (r.headers.reset === null) continue;
    judged++;
    const c = resetOf(r, p);
    if (c.kind !== 'epoch-seconds' || c.resetEpochMs === null) {
      const key = `${c.kind}: ${c.reason.replace(/-?\d+(\.\d+)?/g, '#')}`;
      const list = unit.get(key) ?? [];
      list.push(r);
      unit.set(key, list);
      continue;
    }
    const reset = c.resetEpochMs;
    const date = dateMs(r);
    const tol = toleranceMs(p, rttMs(r));
    // A slow response may be stamped after its window ended: allow its round trip + the profile tolerance.
    if (date !== null && reset + rttMs(r) + p.profile.timingToleranceMs < date) {
      bounds.push(
        recordEvidence(
          r,
          `Reset ${r.headers.reset} is ${formatOffset(reset - date)} from the response Date: in the past`,
          {
            header: p.headers.reset,
            relativeToServerDateMs: reset - date,
          },
        ),
      );
    } else if (date !== null && reset - date > p.windowMs + tol) {
      bounds.push(
        recordEvidence(
          r,
          `Reset ${r.headers.reset} is ${formatOffset(reset - date)} from the response Date: more than one window ahead`,
          {
            header: p.headers.reset,
            expected: `<= ${p.windowMs} ms ahead (+${tol} ms tolerance)`,
            relativeToServerDateMs: reset - date,
          },
        ),
      );
    }
    if (current && reset !== current.value) {
      const at = serverAtMs(r, offset);
      const windowOver = at >= current.value - tol;
      const penalty = p.profile.penaltyExpected && isLimited(r, p) && reset > current.value;
      if (!windowOver && !penalty && p.profile.algorithm === 'fixed-window') {
        moves.push({
          seq: [current.r.seq, r.seq],
          message: `Reset moved from ${current.value / 1000} to ${reset / 1000} (${formatOffset(reset - current.value)}) ${formatDuration(current.value - at)} before the window it advertised ended`,
          header: p.headers.reset,
          expected: String(current.value / 1000),
          observed: r.headers.reset,
          atMs: r.sentMs,
          relativeToServerDateMs: date === null ? undefined : reset - date,
        });
      }
    }
    current = { value: reset, r };
  }
  return { unit, bounds, moves, judged };
}

export const resetStable = rateLimitCheck({
  id: 'RL-RESET-STABLE',
  title: 'X-RateLimit-Reset is stable within a window',
  severity: 'medium',
  profile: ['algorithm', 'penaltyExpected', 'timingToleranceMs'],
  rule: 'X-RateLimit-Reset is UTC epoch seconds, the same value on every response within one window (fixed window), in the future and at most one window ahead of the response Date (+1 s granularity, round trip and profile tolerance). Source: Partner API "Rate Limiting" page ("The UTC epoch timestamp (in seconds) when your quota will reset").',
  guards: [requireResponses<RateLimitContext>()],
  run(records, ctx) {
    const offset = clockOffsetMs(records, ctx);
    const groups = groupBy(
      responded(records).sort((a, b) => a.seq - b.seq),
      (r) => `${sourceName(r.source)} / ${r.probe}`,
    );
    const evidence: Evidence[] = [];
    let judged = 0;
    let unitBad = 0;
    let boundsBad = 0;
    let movesBad = 0;
    for (const [, rs] of groups) {
      const g = judgeStability(rs, ctx, offset);
      judged += g.judged;
      for (const [kind, list] of g.unit) {
        unitBad += list.length;
        evidence.push({
          seq: list.slice(0, 50).map((r) => r.seq),
          message: `Reset is not epoch seconds (${kind.split(':')[0]}): ${resetOf(list[0], ctx.policy).reason} (${list.length} responses: ${seqText(list)})`,
          header: ctx.policy.headers.reset,
          observed: list[0].headers.reset ?? undefined,
          atMs: list[0].sentMs,
        });
      }
      boundsBad += g.bounds.length;
      movesBad += g.moves.length;
      evidence.push(...g.bounds.slice(0, MAX_MOVES), ...g.moves.slice(0, MAX_MOVES));
    }
    if (judged === 0)
      return { outcome: 'skip', reason: `no ${ctx.policy.headers.reset} values to judge`, evidence: [] };
    if (evidence.length === 0) {
      const note =
        ctx.policy.profile.algorithm === 'fixed-window'
          ? ''
          : ` (stability not required for ${ctx.policy.profile.algorithm})`;
      return {
        outcome: 'pass',
        reason: `${judged} Reset values are epoch seconds, stable and within one window${note}`,
        evidence: [],
      };
    }
    const parts = [
      unitBad ? `${unitBad} not in epoch seconds` : '',
      boundsBad ? `${boundsBad} outside (Date, Date + window]` : '',
      movesBad ? `${movesBad} moves within a window` : '',
    ].filter(Boolean);
    const bad = records.find((r) => r.seq === evidence[0].seq[evidence[0].seq.length - 1]);
    return {
      outcome: 'fail',
      reason: `${parts.join(', ')} (of ${judged} Reset values)`,
      evidence,
      ...(bad ? { repro: reproFor(bad, ctx) } : {}),
    };
  },
});

export const resetHonoured = rateLimitCheck({
  id: 'RL-RESET-HONOURED',
  title: 'The quota comes back at Reset, not before',
  severity: 'critical',
  probe: PROBE.resetBoundary,
  profile: ['timingToleranceMs', 'penaltyExpected'],
  rule: 'Once the quota is spent, no request before the advertised Reset (minus tolerance) is admitted, and the first request after Reset (plus tolerance) is admitted with Remaining = Limit - 1. Tolerance: 1 s Reset granularity + round trip + profile tolerance. Source: Partner API "Rate Limiting" page (X-RateLimit-Reset: "when your quota will reset").',
  guards: [
    requireProbe(PROBE.resetBoundary),
    requireStatus((ctx) => ctx.policy.tooManyRequests.status, PROBE.resetBoundary),
  ],
  run(records, ctx) {
    const p = ctx.policy;
    const offset = clockOffsetMs(records, ctx);
    return perSource(ofProbe(records, PROBE.resetBoundary), (source, rs): VerdictBody => {
      const f = rs.findIndex((r) => isLimited(r, p));
      if (f < 0) return { outcome: 'skip', reason: `${source}: no 429 observed`, evidence: [] };
      const after = rs.slice(f);
      const limited = after.filter((r) => isLimited(r, p) && resetOf(r, p).resetEpochMs !== null);
      const promise = p.profile.penaltyExpected ? limited[limited.length - 1] : limited[0];
      if (!promise)
        return { outcome: 'skip', reason: `${source}: no readable Reset on the 429s`, evidence: [] };
      const R = resetOf(promise, p).resetEpochMs as number;
      const rel = (r: TraceRecord): number => serverAtMs(r, offset) - R;
      const evidence: Evidence[] = [];
      const early = after.filter((r) => isAdmitted(r, p) && rel(r) < -toleranceMs(p, rttMs(r)));
      for (const r of early.slice(0, MAX_MOVES)) {
        evidence.push(
          recordEvidence(
            r,
            `admitted ${formatOffset(rel(r))} relative to the advertised Reset ${R / 1000} (seq ${promise.seq}), before the window ended`,
            {
              relativeToServerDateMs: rel(r),
            },
          ),
        );
      }
      const late = after.filter((r) => isLimited(r, p) && rel(r) > toleranceMs(p, rttMs(r)));
      if (late.length > 0) {
        evidence.push({
          seq: late.slice(0, 50).map((r) => r.seq),
          message: `still 429 ${formatOffset(rel(late[late.length - 1]))} after the advertised Reset ${R / 1000}: the quota was not restored (${late.length} responses: ${seqText(late)})`,
          atMs: late[0].sentMs,
          relativeToServerDateMs: rel(late[0]),
        });
      }
      const firstBack = after.find((r) => isAdmitted(r, p) && rel(r) >= -toleranceMs(p, rttMs(r)));
      if (firstBack) {
        const remaining = intHeader(firstBack.headers.remaining);
        if (remaining !== p.limit - 1) {
          evidence.push(
            recordEvidence(
              firstBack,
              `first admission after the Reset has ${p.headers.remaining} ${firstBack.headers.remaining ?? 'absent'}, expected ${p.limit - 1}`,
              {
                header: p.headers.remaining,
                expected: String(p.limit - 1),
                observed: firstBack.headers.remaining ?? 'absent',
                relativeToServerDateMs: rel(firstBack),
              },
            ),
          );
        }
      }
      if (evidence.length > 0) {
        return { outcome: 'fail', reason: `${source}: ${evidence[0].message}`, evidence };
      }
      if (!firstBack) {
        const last = after[after.length - 1];
        return {
          outcome: 'skip',
          reason: `${source}: the probe stopped ${formatOffset(rel(last))} from the advertised Reset, before any admission`,
          evidence: [],
        };
      }
      return {
        outcome: 'pass',
        reason: `${source}: first admission ${formatOffset(rel(firstBack))} from the advertised Reset ${R / 1000} (seq ${firstBack.seq}), ${p.headers.remaining} ${p.limit - 1}`,
        evidence: [
          recordEvidence(firstBack, 'first admission after the Reset', {
            relativeToServerDateMs: rel(firstBack),
          }),
        ],
      };
    });
  },
});
