/**
 * Per-response checks inside k6, under the same RL-* ids as the Node oracles (they call the same
 * functions from src/ratelimit/response-checks), plus the thresholds that turn a failed check into
 * k6 exit code 99.
 */
import { check } from 'k6';
import {
  check429Shape,
  checkHeadersPresent,
  checkHeadersWellFormed,
  checkLimitValue,
  checkNoCache429,
  type ResponseCheckResult,
  type ResponseView,
} from '../../src/ratelimit/response-checks';
import { config } from './config';

/** Checks judged on every response. */
export const ALWAYS_IDS = ['RL-HEADERS-PRESENT', 'RL-HEADERS-WELLFORMED', 'RL-LIMIT-VALUE'];
/** Checks judged on 429s only (threshold them only in scenarios that cross the limit). */
export const LIMITED_IDS = ['RL-429-SHAPE', 'RL-NO-CACHE-429'];

const MAX_LOGGED_PER_ID = 5;
const logged: Record<string, number> = {};

/** Records one named outcome as a k6 check (tag `check:<id>`), logging the first few failures. */
export function judge(id: string, ok: boolean, message: string, tags?: Record<string, string>): boolean {
  if (!ok) {
    logged[id] = (logged[id] || 0) + 1;
    if (logged[id] <= MAX_LOGGED_PER_ID) console.warn(`${id}: ${message}`);
  }
  return check(ok, { [id]: (v) => v === true }, tags);
}

/** Runs every applicable single-response check; returns the results (for callers that need them). */
export function checkResponse(view: ResponseView, tags?: Record<string, string>): ResponseCheckResult[] {
  const p = config.policy;
  const results = [
    checkHeadersPresent(view, p),
    checkHeadersWellFormed(view, p),
    checkLimitValue(view, p),
    check429Shape(view, p),
    checkNoCache429(view, p.tooManyRequests.status),
  ];
  for (const r of results) if (r.applicable) judge(r.id, r.ok, r.message, tags);
  return results;
}

/**
 * `checks{check:<id>}: rate==1` for each id. Advisory checks (RL-NO-CACHE-429) get a threshold only
 * when the policy sets advisory findings to fail, as the Node report does.
 */
export function checkThresholds(ids: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const id of ids) {
    if (id === 'RL-NO-CACHE-429' && config.policy.profile.advisoryLevel !== 'fail') continue;
    out[`checks{check:${id}}`] = ['rate==1'];
  }
  return out;
}
