import { describe, expect, it } from 'vitest';
import { negativeRejected } from './case-outcomes';
import { answer, CUSTOM_API, judge, PARTNER_API } from './test-helpers';

/** A bad-input case as the planner wrote it, expecting `expected` (from the contract's conventions). */
function badInput(seq: number, kind: string, expected: number, status: number) {
  const r = answer(seq, kind, status, {});
  if (r.case) r.case.expectedStatus = expected;
  return r;
}

describe('CT-NEGATIVE-REJECTED judges by the status the case was planned to expect', () => {
  it('a case planned from a contract declaring 422 passes on 422 and fails on 400, naming 422', () => {
    expect(judge(negativeRejected, CUSTOM_API, [badInput(1, 'missing-required', 422, 422)]).outcome).toBe(
      'pass',
    );
    const v = judge(negativeRejected, CUSTOM_API, [badInput(1, 'malformed-json', 422, 400)]);
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].expected).toBe('422');
  });

  it('a Partner API case (planned 400) fails on 422, whatever contract judges the trace', () => {
    for (const document of [PARTNER_API, {}]) {
      expect(judge(negativeRejected, document, [badInput(1, 'wrong-type', 400, 400)]).outcome).toBe('pass');
      expect(judge(negativeRejected, document, [badInput(1, 'wrong-type', 400, 422)]).outcome).toBe('fail');
    }
  });
});
