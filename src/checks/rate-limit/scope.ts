/** RL-PER-IP-ISOLATION, RL-KEY-SCOPE, RL-GLOBAL-SCOPE: who shares a quota. */

import { PROBE } from '../../probes/names';
import type { TraceRecord } from '../../trace/types';
import { requireDistinct, requireProbe, requireResponses } from '../guards';
import type { VerdictBody } from '../types';
import type { RateLimitContext } from './context';
import { rateLimitCheck } from './define';
import { perFirstWindow } from './per-source';
import {
  clockOffsetMs,
  intHeader,
  isLimited,
  isServerError,
  ofProbe,
  recordEvidence,
  resetOf,
  sourceName,
  surelyBefore,
} from './records';

export const perIpIsolation = rateLimitCheck({
  id: 'RL-PER-IP-ISOLATION',
  title: 'Each source address has its own quota',
  severity: 'critical',
  probe: PROBE.twoIps,
  rule: 'While one source address is limited, a second address keeps its full quota: its first request is admitted with Remaining = Limit - 1. Source: Partner API "Rate Limiting" page ("300 requests per minute per unique IP address").',
  guards: [requireProbe(PROBE.twoIps), requireDistinct('source', 2, PROBE.twoIps)],
  run(records, ctx): VerdictBody {
    const p = ctx.policy;
    const offset = clockOffsetMs(records, ctx);
    const rs = ofProbe(records, PROBE.twoIps);
    const firstLimited = rs.find((r) => isLimited(r, p));
    if (!firstLimited)
      return {
        outcome: 'skip',
        reason: 'no 429 observed: the first address was never limited',
        evidence: [],
      };
    const a = firstLimited.source;
    const b = rs.find((r) => r.seq > firstLimited.seq && r.source !== a && r.status !== null);
    if (!b)
      return {
        outcome: 'skip',
        reason: `no answered request from a second address after ${sourceName(a)} was limited`,
        evidence: [],
      };
    const resetA = resetOf(firstLimited, p).resetEpochMs;
    if (resetA !== null && !surelyBefore(b, resetA, offset, p)) {
      return {
        outcome: 'skip',
        reason: `${sourceName(a)}'s window had ended when ${sourceName(b.source)} sent seq ${b.seq}`,
        evidence: [],
      };
    }
    const evidence = [
      recordEvidence(firstLimited, `${sourceName(a)} limited (429)`),
      recordEvidence(
        b,
        `${sourceName(b.source)}: status ${b.status}, ${p.headers.remaining} ${b.headers.remaining ?? 'absent'}`,
        {
          header: p.headers.remaining,
          expected: `admitted, ${p.limit - 1}`,
          observed: `${b.status}, ${b.headers.remaining ?? 'absent'}`,
        },
      ),
    ];
    if (isServerError(b)) {
      return {
        outcome: 'skip',
        reason: `${sourceName(b.source)} was answered ${b.status}: a server error does not show whether the limiter admitted it`,
        evidence,
      };
    }
    if (isLimited(b, p)) {
      return {
        outcome: 'fail',
        reason: `${sourceName(b.source)} got ${b.status} while only ${sourceName(a)} had spent its quota: addresses share a quota`,
        evidence,
      };
    }
    const remaining = intHeader(b.headers.remaining);
    if (remaining !== null && remaining !== p.limit - 1) {
      return {
        outcome: 'fail',
        reason: `${sourceName(b.source)}'s first request shows ${p.headers.remaining} ${remaining}, expected ${p.limit - 1}: its quota is not independent`,
        evidence,
      };
    }
    return {
      outcome: 'pass',
      reason: `${sourceName(b.source)} admitted with a full quota while ${sourceName(a)} was limited`,
      evidence,
    };
  },
});

/**
 * One window of a sequential probe that mixes keys or operations: with a shared quota the first 429
 * comes at request Limit + 1 overall; with separate quotas no value of `dim` reaches its own limit.
 */
function judgeSharing(
  records: readonly TraceRecord[],
  ctx: RateLimitContext,
  probe: string,
  dim: (r: TraceRecord) => string,
  shared: boolean,
  what: string,
): VerdictBody {
  const p = ctx.policy;
  return perFirstWindow(records, ctx, probe, (source, win): VerdictBody => {
    const inside = win.inside.filter((r) => r.status !== null);
    const values = new Set(inside.map(dim));
    const f = inside.findIndex((r) => isLimited(r, p));
    const before = f < 0 ? inside : inside.slice(0, f);
    const perValue = new Map<string, number>();
    for (const r of before) perValue.set(dim(r), (perValue.get(dim(r)) ?? 0) + 1);
    const spread = [...perValue.entries()].map(([k, n]) => `${k}: ${n}`).join(', ');
    if (shared) {
      if (f < 0) {
        if (before.length > p.limit) {
          return {
            outcome: 'fail',
            reason: `${source}: ${before.length} requests over ${values.size} ${what}s admitted in one window without a 429 (limit ${p.limit}): each ${what} has its own quota (${spread})`,
            evidence: [
              recordEvidence(before[p.limit], `request ${p.limit + 1} admitted`, {
                expected: '429',
                observed: String(before[p.limit].status),
              }),
            ],
          };
        }
        return {
          outcome: 'skip',
          reason: `${source}: no 429 observed in ${inside.length} requests inside the first window`,
          evidence: [],
        };
      }
      const r429 = inside[f];
      if (before.length !== p.limit) {
        return {
          outcome: 'fail',
          reason: `${source}: first 429 at request ${f + 1} over ${values.size} ${what}s, expected ${p.limit + 1} (${spread})`,
          evidence: [
            recordEvidence(r429, `first 429 (${what} ${dim(r429)})`, {
              expected: `request ${p.limit + 1}`,
              observed: `request ${f + 1}`,
            }),
          ],
        };
      }
      return {
        outcome: 'pass',
        reason: `${source}: one quota across ${values.size} ${what}s: first 429 at request ${p.limit + 1} (${spread})`,
        evidence: [],
      };
    }
    if (f >= 0) {
      const r429 = inside[f];
      const own = perValue.get(dim(r429)) ?? 0;
      if (own < p.limit) {
        return {
          outcome: 'fail',
          reason: `${source}: ${what} ${dim(r429)} limited after only ${own} of its own requests: ${what}s share a quota (${spread})`,
          evidence: [
            recordEvidence(r429, `429 for ${what} ${dim(r429)}`, {
              expected: `${p.limit} admitted per ${what}`,
              observed: `${own}`,
            }),
          ],
        };
      }
    }
    return {
      outcome: 'pass',
      reason: `${source}: separate quotas per ${what} as the policy says (${spread})`,
      evidence: [],
    };
  });
}

export const keyScope = rateLimitCheck({
  id: 'RL-KEY-SCOPE',
  title: 'API keys from one address share its quota',
  severity: 'high',
  probe: PROBE.twoKeys,
  rule: 'The quota is per source address, not per API key: two keys used alternately from one address are limited together (first 429 at request Limit + 1 overall). Policy scope `key` or `ip+key` inverts the expectation. Source: Partner API "Rate Limiting" page ("per unique IP address").',
  guards: [
    requireProbe(PROBE.twoKeys),
    requireResponses(PROBE.twoKeys),
    requireDistinct('keyLabel', 2, PROBE.twoKeys),
  ],
  run(records, ctx): VerdictBody {
    const rs = ofProbe(records, PROBE.twoKeys);
    const labels = [...new Set(rs.map((r) => r.keyLabel))];
    for (const label of labels) {
      const mine = rs.filter((r) => r.keyLabel === label && r.status !== null);
      if (mine.length > 0 && mine.every((r) => r.status === 401 || r.status === 403)) {
        return {
          outcome: 'skip',
          reason: `key ${label} was rejected (${mine[0].status}): configure two valid keys`,
          evidence: [],
        };
      }
    }
    const verdict = judgeSharing(
      records,
      ctx,
      PROBE.twoKeys,
      (r) => r.keyLabel,
      ctx.policy.scope === 'ip',
      'key',
    );
    return { ...verdict, profile: { scope: ctx.policy.scope } };
  },
});

export const globalScope = rateLimitCheck({
  id: 'RL-GLOBAL-SCOPE',
  title: 'All endpoints draw from one quota',
  severity: 'high',
  probe: PROBE.mixedEndpoints,
  rule: 'All endpoints draw from the same quota: rotating over several operations, the first 429 comes at request Limit + 1 regardless of operation. Policy endpoints `per-endpoint` inverts the expectation. Source: Partner API "Rate Limiting" page (one limit for the API, per IP).',
  guards: [
    requireProbe(PROBE.mixedEndpoints),
    requireResponses(PROBE.mixedEndpoints),
    (records) =>
      new Set(
        records.filter((r) => r.probe === PROBE.mixedEndpoints).map((r) => r.operationId ?? r.pathTemplate),
      ).size >= 2
        ? null
        : `only one operation in probe ${PROBE.mixedEndpoints} (need 2)`,
  ],
  run(records, ctx): VerdictBody {
    const verdict = judgeSharing(
      records,
      ctx,
      PROBE.mixedEndpoints,
      (r) => r.operationId ?? r.pathTemplate,
      ctx.policy.endpoints === 'global',
      'operation',
    );
    return { ...verdict, profile: { endpoints: ctx.policy.endpoints } };
  },
});
