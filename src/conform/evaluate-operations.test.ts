import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../checks/conformance/context';
import { makeRecord } from '../checks/rate-limit/test-helpers';
import type { Check } from '../checks/types';
import type { Contract } from '../contract/types';
import { PacerError } from '../errors';
import { evaluateOperations } from './evaluate-operations';

/** A check that reports which records it was given, or throws for one operation. */
const counting = (id: string, crashOn?: string): Check<ConformanceContext> => ({
  id,
  title: `title ${id}`,
  severity: 'medium',
  rule: `rule ${id}`,
  run(records, ctx) {
    if (ctx.operationId === crashOn) throw new Error('boom');
    return {
      checkId: 'overwritten',
      title: '',
      severity: 'low',
      rule: '',
      outcome: records.length > 0 ? 'pass' : 'skip',
      reason: `${ctx.operationId}: ${records.map((r) => r.seq).join(',')}`,
      evidence: [],
    };
  },
});

const contract = {} as Contract;
const records = [
  makeRecord({ seq: 1, operationId: 'a' }),
  makeRecord({ seq: 2, operationId: 'b' }),
  makeRecord({ seq: 3, operationId: 'a' }),
  makeRecord({ seq: 4, operationId: null }),
];
const checks = [counting('CT-ONE'), counting('CT-TWO', 'b')];

describe('evaluateOperations', () => {
  it("runs each check once per operation over that operation's records, verdicts keeping the operationId", () => {
    const verdicts = evaluateOperations(checks, records, contract, ['a', 'b', 'c'], 'http://t');
    expect(verdicts.map((v) => `${v.operationId}/${v.checkId}:${v.outcome}`)).toEqual([
      'a/CT-ONE:pass',
      'a/CT-TWO:pass',
      'b/CT-ONE:pass',
      'b/CT-TWO:fail',
      'c/CT-ONE:skip',
      'c/CT-TWO:skip',
    ]);
    expect(verdicts[0].reason).toBe('a: 1,3');
    // The shared evaluate owns the check's identity, whatever its body returned.
    expect(verdicts[0]).toMatchObject({ checkId: 'CT-ONE', title: 'title CT-ONE', severity: 'medium' });
  });

  it('contains a crashing check as a fail of that operation only', () => {
    const verdicts = evaluateOperations(checks, records, contract, ['a', 'b'], 'http://t');
    const crashed = verdicts.filter((v) => v.outcome === 'fail');
    expect(crashed).toHaveLength(1);
    expect(crashed[0]).toMatchObject({ checkId: 'CT-TWO', operationId: 'b' });
    expect(crashed[0].reason).toMatch(/check CT-TWO crashed: boom/);
  });

  it('applies only / exclude, and refuses an unknown check id', () => {
    const only = evaluateOperations(checks, records, contract, ['a'], 'http://t', { only: ['CT-TWO'] });
    expect(only.map((v) => v.checkId)).toEqual(['CT-TWO']);
    const excluded = evaluateOperations(checks, records, contract, ['a'], 'http://t', {
      exclude: ['CT-TWO'],
    });
    expect(excluded.map((v) => v.checkId)).toEqual(['CT-ONE']);
    expect(() =>
      evaluateOperations(checks, records, contract, ['a'], 'http://t', { only: ['CT-NOPE'] }),
    ).toThrow(PacerError);
  });
});
