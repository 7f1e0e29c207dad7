import { describe, expect, it } from 'vitest';
import { negativeRejected } from './case-outcomes';
import { answer, CUSTOM_API, judge, PARTNER_API } from './test-helpers';

/** A bad-input case as the planner writes it: it expects 400 of invalid input. */
function badInput(seq: number, kind: string, status: number) {
  const r = answer(seq, kind, status, {});
  if (r.case) r.case.expectedStatus = 400;
  return r;
}

describe('CT-NEGATIVE-REJECTED and the declared validation status', () => {
  it('a contract declaring 422 for invalid input expects 422, not the planner default 400', () => {
    expect(judge(negativeRejected, CUSTOM_API, [badInput(1, 'missing-required', 422)]).outcome).toBe('pass');
    const v = judge(negativeRejected, CUSTOM_API, [badInput(1, 'malformed-json', 400)]);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].expected).toBe('422');
  });

  it('the Partner API (400) and a contract without x-pacer-error-shapes keep the planner default', () => {
    for (const document of [PARTNER_API, {}]) {
      expect(judge(negativeRejected, document, [badInput(1, 'wrong-type', 400)]).outcome).toBe('pass');
      expect(judge(negativeRejected, document, [badInput(1, 'wrong-type', 422)]).outcome).toBe('fail');
    }
  });
});
