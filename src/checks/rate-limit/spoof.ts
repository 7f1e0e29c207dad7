/** RL-SPOOF-RESISTANT: client-supplied forwarding headers must not create fresh quotas. */
import { PROBE } from '../../probes/names';
import type { TraceRecord } from '../../trace/types';
import { requireProbe, requireStatus } from '../guards';
import type { VerdictBody } from '../types';
import { rateLimitCheck } from './define';
import { perSource } from './per-source';
import {
  clockOffsetMs,
  isAdmitted,
  isLimited,
  ofProbe,
  recordEvidence,
  resetOf,
  serverAtMs,
  surelyBefore,
} from './records';

const FORWARDING = [
  'x-forwarded-for',
  'x-real-ip',
  'forwarded',
  'true-client-ip',
  'x-client-ip',
  'cf-connecting-ip',
];

/** The forwarding headers a record sent, as `name: value`. */
export function spoofedHeaders(r: TraceRecord): string[] {
  return Object.entries(r.requestHeaders ?? {})
    .filter(([name]) => FORWARDING.indexOf(name.toLowerCase()) >= 0)
    .map(([name, value]) => `${name}: ${value}`);
}

export const spoofResistant = rateLimitCheck({
  id: 'RL-SPOOF-RESISTANT',
  title: 'Forwarding headers do not reset the quota',
  severity: 'critical',
  probe: PROBE.spoof,
  rule: 'Once an address is limited, requests from it with rotating X-Forwarded-For, X-Real-IP or Forwarded values are still limited until the Reset: the limiter keys on the connection address (or a trusted proxy hop), not on client-supplied headers. Source: Partner API "Rate Limiting" page ("per unique IP address"); field notes 5.3 (X-Forwarded-For spoofing).',
  guards: [requireProbe(PROBE.spoof), requireStatus((ctx) => ctx.policy.tooManyRequests.status, PROBE.spoof)],
  run(records, ctx) {
    const p = ctx.policy;
    const offset = clockOffsetMs(records, ctx);
    return perSource(ofProbe(records, PROBE.spoof), (source, rs): VerdictBody => {
      const f = rs.findIndex((r) => isLimited(r, p) && spoofedHeaders(r).length === 0);
      if (f < 0)
        return {
          outcome: 'skip',
          reason: `${source}: the quota was not spent before spoofing (no plain 429)`,
          evidence: [],
        };
      const r429 = rs[f];
      const reset = resetOf(r429, p).resetEpochMs ?? serverAtMs(r429, offset) + p.windowMs;
      const spoofed = rs.slice(f + 1).filter((r) => r.status !== null && spoofedHeaders(r).length > 0);
      if (spoofed.length === 0)
        return {
          outcome: 'skip',
          reason: `${source}: no answered spoofed requests after the 429`,
          evidence: [],
        };
      const judged = spoofed.filter((r) => surelyBefore(r, reset, offset, p));
      if (judged.length === 0)
        return {
          outcome: 'skip',
          reason: `${source}: every spoofed request was sent after the advertised Reset`,
          evidence: [],
        };
      const admitted = judged.filter((r) => isAdmitted(r, p));
      if (admitted.length === 0) {
        return {
          outcome: 'pass',
          reason: `${source}: ${judged.length} spoofed requests all limited before the Reset`,
          evidence: [],
        };
      }
      const names = [...new Set(admitted.flatMap((r) => spoofedHeaders(r).map((h) => h.split(':')[0])))];
      return {
        outcome: 'fail',
        reason: `${source}: ${admitted.length} of ${judged.length} spoofed requests admitted while the address was limited (${names.join(', ')})`,
        evidence: admitted.slice(0, 10).map((r) =>
          recordEvidence(r, `admitted (${r.status}) with ${spoofedHeaders(r).join('; ')}`, {
            expected: '429',
            observed: String(r.status),
          }),
        ),
      };
    });
  },
});
