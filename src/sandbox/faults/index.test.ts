import { describe, expect, it } from 'vitest';
import { PacerError } from '../../errors';
import type { LimitDecision } from '../limiter';
import { composeFaults, FAULTS, faultNames, listFaults } from './index';

const decision: LimitDecision = {
  admitted: false,
  limit: 10,
  count: 12,
  remaining: -2,
  windowStartMs: 1_700_000_000_000,
  resetMs: 1_700_000_060_000,
};

describe('fault registry', () => {
  it('has unique kebab-case names, each with a one-line description', () => {
    const names = faultNames();
    expect(new Set(names).size).toBe(names.length);
    for (const f of FAULTS) {
      expect(f.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(f.description).not.toMatch(/\n/);
    }
    expect(listFaults()).toHaveLength(FAULTS.length);
    expect(listFaults()[0]).toMatch(/^admit-one-extra\s+admits/);
  });

  it('refuses an unknown name with a usage error naming --fault', () => {
    const err = (() => {
      try {
        composeFaults(['admit-one-extra', 'bogus'], { serverErrorRate: 0.2 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PacerError);
    expect((err as PacerError).context.option).toBe('--fault');
  });

  it('combines header faults in registry order, whatever the order given', () => {
    const apply = (names: string[]) => {
      const hooks = composeFaults(names, { serverErrorRate: 0 });
      const v = { limit: '10', remaining: '0', reset: '1700000060', retryAfter: '60' };
      hooks.rateHeaders?.(v, { status: 429, decision, nowMs: 1_700_000_000_000, windowMs: 60_000 });
      return v;
    };
    const a = apply(['limit-header-wrong', 'remaining-negative', 'no-retry-after']);
    expect(a).toEqual({ limit: '20', remaining: '-2', reset: '1700000060', retryAfter: undefined });
    expect(apply(['no-retry-after', 'remaining-negative', 'limit-header-wrong'])).toEqual(a);
  });

  it('adds the admission skews of combined off-by-one faults', () => {
    expect(
      composeFaults(['admit-one-extra', 'block-one-early'], { serverErrorRate: 0 }).limiter?.admissionSkew,
    ).toBe(0);
    expect(composeFaults(['admit-one-extra', 'never-resets'], { serverErrorRate: 0 }).limiter).toEqual({
      admissionSkew: 1,
      neverResets: true,
    });
  });
});
