import type { SourceDocument } from '../contract/source';
import { readSource, readSourceSync } from '../contract/source';
import { PacerError } from '../errors';
import { describeDuration } from './duration';
import { parsePolicy } from './parse';
import type { PolicyOverrides, PolicyProfile, RateLimitPolicy } from './types';

/** Reads and validates a policy file, then applies user overrides (which win, with provenance). */
export async function loadPolicy(file: string, overrides?: PolicyOverrides): Promise<RateLimitPolicy> {
  return policyFromSource(await readSource(file), overrides);
}

export function loadPolicySync(file: string, overrides?: PolicyOverrides): RateLimitPolicy {
  return policyFromSource(readSourceSync(file), overrides);
}

export function policyFromSource(source: SourceDocument, overrides?: PolicyOverrides): RateLimitPolicy {
  const { policy, problems } = parsePolicy(source);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!policy || errors.length > 0) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more; run pacer contract lint)` : '';
    throw new PacerError('PACER_ERR_POLICY_INVALID', `${first?.message ?? 'invalid policy'}${more}`, {
      file: source.file,
      pointer: first?.pointer,
      line: first?.line,
    });
  }
  return overrides ? applyOverrides(policy, overrides) : policy;
}

/** Pure: returns a new policy with the overrides applied and recorded in provenance. */
export function applyOverrides(policy: RateLimitPolicy, overrides: PolicyOverrides): RateLimitPolicy {
  const provenance = { ...policy.provenance };
  let { limit, windowMs } = policy;
  let windowText = policy.tooManyRequests.windowText;
  if (overrides.limit !== undefined) {
    if (!Number.isInteger(overrides.limit) || overrides.limit <= 0) {
      throw new PacerError(
        'PACER_ERR_INVALID_OPTION',
        `--limit must be a positive integer, got ${overrides.limit}`,
        { option: '--limit' },
      );
    }
    limit = overrides.limit;
    provenance.limit = '--limit';
  }
  if (overrides.windowMs !== undefined) {
    if (!Number.isFinite(overrides.windowMs) || overrides.windowMs <= 0) {
      throw new PacerError(
        'PACER_ERR_INVALID_OPTION',
        `--window must be positive, got ${overrides.windowMs} ms`,
        { option: '--window' },
      );
    }
    windowMs = overrides.windowMs;
    windowText = describeDuration(windowMs);
    provenance.windowMs = '--window';
    provenance['tooManyRequests.windowText'] = 'derived from --window';
  }
  const profile: PolicyProfile = { ...policy.profile };
  for (const [key, value] of Object.entries(overrides.profile ?? {}) as Array<[keyof PolicyProfile, never]>) {
    if (value === undefined) continue;
    profile[key] = value;
    provenance[`profile.${key}`] = 'override';
  }
  return {
    ...policy,
    limit,
    windowMs,
    tooManyRequests: { ...policy.tooManyRequests, windowText },
    profile,
    provenance,
  };
}
