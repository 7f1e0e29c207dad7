import { defaultPolicyPath, loadPolicy } from '../policy/index';
import type { PolicyFlags } from './cli-options';

/**
 * The limit and window the policy file documents, before --limit/--window: the reports note when a
 * run judged the limiter at another scale (e.g. 20 per 2 s against a sandbox).
 */
export async function documentedLimits(flags: PolicyFlags): Promise<{ limit: number; windowMs: number }> {
  const policy = await loadPolicy(flags.policy ?? defaultPolicyPath());
  return { limit: policy.limit, windowMs: policy.windowMs };
}

/** The policy file the run read (the bundled one unless --policy). */
export const policyFileOf = (flags: PolicyFlags): string => flags.policy ?? defaultPolicyPath();
