import { usageError } from '../errors';
import { defaultPolicyPath, loadPolicy, parseDuration } from '../policy/index';
import type { PolicyOverrides, RateLimitPolicy } from '../policy/types';

/** Flags shared by `pacer limits` and `pacer analyze`. */
export interface PolicyFlags {
  policy?: string;
  limit?: string;
  window?: string;
}

/** The policy file (default: the bundled one) with --limit / --window applied on top. */
export async function resolvePolicy(flags: PolicyFlags): Promise<RateLimitPolicy> {
  const overrides: PolicyOverrides = {};
  if (flags.limit !== undefined) overrides.limit = parsePositiveInt(flags.limit, '--limit');
  if (flags.window !== undefined) overrides.windowMs = parseDuration(flags.window, '--window');
  return loadPolicy(flags.policy ?? defaultPolicyPath(), overrides);
}

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
