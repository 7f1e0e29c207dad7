import { describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { defineCheck } from './define';
import { evaluate, selectChecks, summarise } from './evaluate';
import { requireProbe } from './guards';
import type { Check, Verdict } from './types';

const check = (id: string, outcome: Verdict['outcome'] | 'throw'): Check<null> =>
  defineCheck<null>({
    id,
    title: `title ${id}`,
    severity: 'high',
    rule: `rule ${id}`,
    run: () => {
      if (outcome === 'throw') throw new Error('boom');
      return { outcome, evidence: [] };
    },
  });

const checks = [check('A', 'pass'), check('B', 'throw'), check('C', 'warn'), check('D', 'skip')];

describe('evaluate', () => {
  it('runs every check and turns a crash into a fail naming the check', () => {
    const vs = evaluate(checks, [], null);
    expect(vs.map((v) => `${v.checkId}:${v.outcome}`)).toEqual(['A:pass', 'B:fail', 'C:warn', 'D:skip']);
    expect(vs[1].reason).toBe('check B crashed: boom (a bug in pacer, not a finding about the target)');
    expect(vs[1]).toMatchObject({ title: 'title B', rule: 'rule B', severity: 'high' });
  });

  it('selects by only / exclude and rejects unknown ids', () => {
    expect(evaluate(checks, [], null, { only: ['A', 'C'] }).map((v) => v.checkId)).toEqual(['A', 'C']);
    expect(selectChecks(checks, { exclude: ['B'] }).map((c) => c.id)).toEqual(['A', 'C', 'D']);
    expect(() => selectChecks(checks, { only: ['Z'] })).toThrow(PacerError);
    expect(() => selectChecks(checks, { exclude: ['Z'] })).toThrow(/--exclude-checks: unknown check id Z/);
  });

  it('keeps the check identity whatever the body returned', () => {
    const liar: Check<null> = {
      id: 'X',
      title: 'x',
      severity: 'low',
      rule: 'r',
      run: () => ({
        checkId: 'Y',
        title: 'y',
        severity: 'critical',
        rule: 'q',
        outcome: 'pass',
        evidence: [],
      }),
    };
    expect(evaluate([liar], [], null)[0]).toMatchObject({ checkId: 'X', severity: 'low' });
  });
});

describe('guards via defineCheck', () => {
  it('skips with the first guard reason and never runs the body', () => {
    let ran = false;
    const guarded = defineCheck<null>({
      id: 'G',
      title: 'g',
      severity: 'low',
      rule: 'r',
      guards: [requireProbe('exhaust')],
      run: () => {
        ran = true;
        return { outcome: 'pass', evidence: [] };
      },
    });
    expect(guarded.run([], null)).toMatchObject({ outcome: 'skip', reason: 'no records of probe exhaust' });
    expect(ran).toBe(false);
  });
});

describe('summarise', () => {
  const vs = evaluate(checks, [], null);
  it('counts outcomes; a warn does not fail the run by default', () => {
    const s = summarise(vs.filter((v) => v.checkId !== 'B'));
    expect(s).toMatchObject({ total: 3, outcome: 'pass', counts: { pass: 1, fail: 0, warn: 1, skip: 1 } });
  });

  it('fails on a fail, and on a warn when advisory findings are set to fail', () => {
    expect(summarise(vs)).toMatchObject({ outcome: 'fail', failing: ['B'], failsBySeverity: { high: 1 } });
    const warnOnly = vs.filter((v) => v.checkId !== 'B');
    expect(summarise(warnOnly, { advisoryLevel: 'fail' })).toMatchObject({ outcome: 'fail', failing: ['C'] });
  });
});
