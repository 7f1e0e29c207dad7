/** RL-AUTH-FAILURES-COUNTED: requests with a wrong or missing key count and carry the headers. */
import { PROBE } from '../../probes/names';
import type { TraceRecord } from '../../trace/types';
import { requireProbe, requireResponses } from '../guards';
import type { Evidence, VerdictBody } from '../types';
import { rateLimitCheck } from './define';
import { perFirstWindow } from './per-source';
import { intHeader, isLimited, recordEvidence, seqText } from './records';

const isAuthFailureRequest = (r: TraceRecord): boolean => r.keyLabel === 'wrong' || r.keyLabel === 'none';

export const authFailuresCounted = rateLimitCheck({
  id: 'RL-AUTH-FAILURES-COUNTED',
  title: 'Failed authentications count against the quota',
  severity: 'high',
  probe: PROBE.wrongKey,
  profile: ['authFailuresCounted'],
  rule: 'Requests with a missing or wrong API key get the rate-limit headers and (profile default) count against the address quota: their Remaining decrements, and the valid requests that follow are admitted Limit minus the failed ones. Source: Partner API "Rate Limiting" page ("Protects against ... brute-force attempts"; headers on every response).',
  guards: [requireProbe(PROBE.wrongKey), requireResponses(PROBE.wrongKey)],
  run(records, ctx) {
    const p = ctx.policy;
    const counted = p.profile.authFailuresCounted;
    return perFirstWindow(records, ctx, PROBE.wrongKey, (source, win): VerdictBody => {
      const inside = win.inside.filter((r) => r.status !== null);
      const fails = inside.filter((r) => isAuthFailureRequest(r) && !isLimited(r, p));
      if (fails.length === 0)
        return {
          outcome: 'skip',
          reason: `${source}: no answered requests with a wrong or missing key`,
          evidence: [],
        };
      const accepted = fails.filter((r) => r.status !== null && r.status < 400);
      if (accepted.length > 0) {
        return {
          outcome: 'skip',
          reason: `${source}: requests without a valid key were answered ${accepted[0].status} (${seqText(accepted)}): the target does not reject them`,
          evidence: [],
        };
      }
      const evidence: Evidence[] = [];
      const bare = fails.filter(
        (r) => r.headers.limit === null || r.headers.remaining === null || r.headers.reset === null,
      );
      if (bare.length > 0) {
        evidence.push({
          seq: bare.map((r) => r.seq),
          message: `${bare[0].status} responses without the rate-limit headers: ${seqText(bare)}`,
          atMs: bare[0].sentMs,
        });
      }
      // Remaining along the window: each counted request takes one.
      let used = 0;
      const wrongRemaining: Evidence[] = [];
      const f = inside.findIndex((r) => isLimited(r, p));
      const before = f < 0 ? inside : inside.slice(0, f);
      for (const r of before) {
        if (!isAuthFailureRequest(r) || counted) used++;
        const remaining = intHeader(r.headers.remaining);
        if (remaining !== null && remaining !== Math.max(0, p.limit - used)) {
          wrongRemaining.push(
            recordEvidence(
              r,
              `${p.headers.remaining} ${remaining} after ${used} counted requests (${isAuthFailureRequest(r) ? `key ${r.keyLabel}, ${r.status}` : 'valid key'})`,
              {
                header: p.headers.remaining,
                expected: String(Math.max(0, p.limit - used)),
                observed: String(remaining),
              },
            ),
          );
        }
      }
      evidence.push(...wrongRemaining.slice(0, 5));
      const valid = before.filter((r) => !isAuthFailureRequest(r));
      const failsBefore = before.filter(isAuthFailureRequest).length;
      const expectedValid = counted ? p.limit - failsBefore : p.limit;
      if (f < 0) {
        if (valid.length > expectedValid) {
          evidence.push({
            seq: valid.slice(expectedValid).map((r) => r.seq),
            message: `${valid.length} valid requests admitted without a 429 after ${failsBefore} failed authentications, expected ${expectedValid}`,
          });
        } else if (evidence.length === 0) {
          return {
            outcome: 'skip',
            reason: `${source}: no 429 observed after the valid requests`,
            evidence: [],
          };
        }
      } else if (valid.length !== expectedValid) {
        evidence.push(
          recordEvidence(
            inside[f],
            `first 429 after ${valid.length} valid requests and ${failsBefore} failed authentications, expected ${expectedValid} valid`,
            {
              expected: String(expectedValid),
              observed: String(valid.length),
            },
          ),
        );
      }
      if (evidence.length > 0) {
        return {
          outcome: 'fail',
          reason: `${source}: ${evidence.map((e) => e.message).join('; ')}`,
          evidence,
        };
      }
      return {
        outcome: 'pass',
        reason: `${source}: ${failsBefore} failed authentications carried the headers and ${counted ? 'were' : 'were not'} counted; ${valid.length} valid requests admitted before the 429`,
        evidence: [],
      };
    });
  },
});
