/** RL-NO-PENALTY: requests made while limited must not push the reset out. */

import { PROBE } from '../../probes/names';
import { formatDuration, formatOffset } from '../../ratelimit/headers';
import { requireProbe, requireStatus } from '../guards';
import type { Evidence, VerdictBody } from '../types';
import { rateLimitCheck } from './define';
import { perSource } from './per-source';
import {
  clockOffsetMs,
  isAdmitted,
  isLimited,
  ofProbe,
  recordEvidence,
  resetOf,
  rttMs,
  seqText,
  serverAtMs,
  toleranceMs,
} from './records';
import { retryAfterOf } from './retry-after';

export const noPenalty = rateLimitCheck({
  id: 'RL-NO-PENALTY',
  title: 'Requests while limited do not extend the limit',
  severity: 'high',
  probe: PROBE.hammer,
  profile: ['penaltyExpected', 'algorithm', 'timingToleranceMs'],
  rule: 'Requests made while limited do not push the reset further out: Reset stays at the value advertised on the first 429, no Retry-After points past it, and the client is admitted again by that Reset (+ tolerance). Profile default: no penalty, as a fixed window implies. Source: Partner API "Rate Limiting" page (fixed per-minute quota); profile setting penaltyExpected.',
  guards: [
    requireProbe(PROBE.hammer),
    requireStatus((ctx) => ctx.policy.tooManyRequests.status, PROBE.hammer),
  ],
  run(records, ctx) {
    const p = ctx.policy;
    if (p.profile.penaltyExpected) {
      return {
        outcome: 'skip',
        reason: 'the profile expects a penalty for requests made while limited (penaltyExpected: true)',
        evidence: [],
      };
    }
    const offset = clockOffsetMs(records, ctx);
    return perSource(ofProbe(records, PROBE.hammer), (source, rs): VerdictBody => {
      const f = rs.findIndex((r) => isLimited(r, p) && resetOf(r, p).resetEpochMs !== null);
      if (f < 0) return { outcome: 'skip', reason: `${source}: no 429 with a readable Reset`, evidence: [] };
      const first = rs[f];
      const R0 = resetOf(first, p).resetEpochMs as number;
      const rel = (at: number): string => formatOffset(at - R0);
      const evidence: Evidence[] = [];
      const after = rs.slice(f + 1);
      const backIndex = after.findIndex((r) => isAdmitted(r, p));
      const limitedPeriod = backIndex < 0 ? after : after.slice(0, backIndex);
      // Only requests inside the first advertised window can show a penalty: later ones belong to a
      // new window, and whether that one admits is RL-RESET-HONOURED's question.
      const beforeR0 = limitedPeriod.filter((r) => serverAtMs(r, offset) < R0 - toleranceMs(p, rttMs(r)));
      const moved = beforeR0.filter((r) => {
        const reset = resetOf(r, p).resetEpochMs;
        return isLimited(r, p) && reset !== null && reset > R0 + 1000;
      });
      if (moved.length > 0) {
        const last = moved[moved.length - 1];
        evidence.push({
          seq: moved.slice(0, 50).map((r) => r.seq),
          message: `Reset moved out from ${R0 / 1000} (seq ${first.seq}) to ${last.headers.reset} while limited (${moved.length} responses: ${seqText(moved)})`,
          header: p.headers.reset,
          expected: String(R0 / 1000),
          observed: last.headers.reset ?? undefined,
          atMs: moved[0].sentMs,
        });
      }
      const pointsPast = beforeR0.filter((r) => {
        const ra = retryAfterOf(r, ctx);
        return isLimited(r, p) && ra.ok && serverAtMs(r, offset) + ra.delayMs > R0 + toleranceMs(p, rttMs(r));
      });
      if (pointsPast.length > 0) {
        const r = pointsPast[pointsPast.length - 1];
        evidence.push(
          recordEvidence(
            r,
            `Retry-After ${r.headers.retryAfter} points ${rel(serverAtMs(r, offset) + (retryAfterOf(r, ctx) as { delayMs: number }).delayMs)} past the first advertised Reset (${pointsPast.length} such 429s: ${seqText(pointsPast)})`,
            {
              header: p.headers.retryAfter,
            },
          ),
        );
      }
      const back = backIndex < 0 ? null : after[backIndex];
      const lateBy = back ? serverAtMs(back, offset) - R0 : null;
      const late = back !== null && lateBy !== null && lateBy > toleranceMs(p, rttMs(back));
      if (evidence.length > 0) {
        if (late && back) {
          evidence.push(
            recordEvidence(
              back,
              `admitted again only ${rel(serverAtMs(back, offset))} from the first advertised Reset`,
              { relativeToServerDateMs: lateBy ?? undefined },
            ),
          );
        }
        return { outcome: 'fail', reason: `${source}: ${evidence[0].message}`, evidence };
      }
      const hammered = limitedPeriod.length;
      if (back && !late) {
        return {
          outcome: 'pass',
          reason: `${source}: ${hammered} requests while limited; Reset stayed ${R0 / 1000}; admitted again ${rel(serverAtMs(back, offset))} from it (seq ${back.seq})`,
          evidence: [],
        };
      }
      if (back && late) {
        return {
          outcome: 'warn',
          reason: `${source}: admitted again only ${formatDuration(lateBy as number)} after the first advertised Reset, though Reset and Retry-After did not move (see RL-RESET-HONOURED)`,
          evidence: [
            recordEvidence(back, 'late readmission', { relativeToServerDateMs: lateBy ?? undefined }),
          ],
        };
      }
      const last = rs[rs.length - 1];
      return {
        outcome: 'skip',
        reason: `${source}: not admitted again before the probe stopped (${rel(serverAtMs(last, offset))} from the first advertised Reset), and Reset did not move`,
        evidence: [],
      };
    });
  },
});
