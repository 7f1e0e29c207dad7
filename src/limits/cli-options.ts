import { usageError } from '../errors';
import { applyOverrides, defaultPolicyPath, loadPolicy, parseDuration } from '../policy/index';
import type { PolicyOverrides, RateLimitPolicy } from '../policy/types';

/** Flags shared by `pacer limits` and `pacer analyze`. */
export interface PolicyFlags {
  policy?: string;
  limit?: string;
  window?: string;
}

/** The policy file (default: the bundled one) with --limit / --window applied on top. */
export async function resolvePolicy(flags: PolicyFlags): Promise<RateLimitPolicy> {
  return (await resolvePolicyAndDocumented(flags)).policy;
}

/**
 * The run's policy and the limit and window its file documents before --limit/--window (the reports
 * note when a run judged the limiter at another scale, e.g. 20 per 2 s against a sandbox), from one
 * read of the file.
 */
export async function resolvePolicyAndDocumented(
  flags: PolicyFlags,
): Promise<{ policy: RateLimitPolicy; documented: { limit: number; windowMs: number } }> {
  const overrides: PolicyOverrides = {};
  if (flags.limit !== undefined) overrides.limit = parsePositiveInt(flags.limit, '--limit');
  if (flags.window !== undefined) overrides.windowMs = parseDuration(flags.window, '--window');
  const documented = await loadPolicy(policyFileOf(flags));
  return {
    policy: applyOverrides(documented, overrides),
    documented: { limit: documented.limit, windowMs: documented.windowMs },
  };
}

/** The policy file the run read (the bundled one unless --policy). */
export const policyFileOf = (flags: PolicyFlags): string => flags.policy ?? defaultPolicyPath();

export function parsePositiveInt(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0) {
    throw usageError(`${option} must be a positive integer, got ${JSON.stringify(text)}`, option);
  }
  return Number(text);
}

/** A comma list flag (`--probes a,b`), empty entries dropped; undefined when the flag is absent. */
export function parseList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Commander collector for a repeatable comma list flag (`--fault a,b --fault c`). */
export const collectList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...(parseList(value) ?? []),
];
