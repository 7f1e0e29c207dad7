import type { PolicyProfile } from '../../policy/types';
import { type CheckSpec, defineCheck } from '../define';
import type { Check } from '../types';
import type { RateLimitContext } from './context';

export interface RateLimitCheckSpec extends Omit<CheckSpec<RateLimitContext>, 'decorate'> {
  /** The probe whose traffic the check judges; names the reproduction command. */
  probe?: string;
  /** Profile settings that shape the verdict; reported with every verdict. */
  profile?: (keyof PolicyProfile)[];
}

/**
 * A rate-limit check: every verdict names the profile settings it used, and a fail without its own
 * reproduction gets `pacer limits --target <url> --probes <probe>`.
 */
export function rateLimitCheck(spec: RateLimitCheckSpec): Check<RateLimitContext> {
  return defineCheck<RateLimitContext>({
    ...spec,
    decorate(verdict, ctx) {
      const out = { ...verdict };
      if (spec.profile && spec.profile.length > 0) {
        const profile: Record<string, string> = {};
        for (const key of spec.profile) profile[key] = String(ctx.policy.profile[key]);
        out.profile = { ...profile, ...verdict.profile };
      }
      if (out.outcome === 'fail' && out.repro === undefined && spec.probe !== undefined) {
        out.repro = `pacer limits --target ${ctx.target ?? '<url>'} --probes ${spec.probe}`;
      }
      return out;
    },
  });
}
