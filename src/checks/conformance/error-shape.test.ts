import { describe, expect, it } from 'vitest';
import { AUTH, ERROR_SHAPES } from '../../contract/extensions';
import { loadContract } from '../../contract/load';
import { errorShape } from './error-shape';
import { answer, CUSTOM_API, judge, PARTNER_API } from './test-helpers';

const failures = (document: Record<string, unknown>, records: ReturnType<typeof answer>[]) =>
  judge(errorShape, document, records).evidence.map((e) => [e.seq, e.instancePath, e.message]);

describe('CT-ERROR-SHAPE reads x-pacer-error-shapes', () => {
  it('a made-up API: 422 {code: VALIDATION, message} and E_* business errors pass; the rule says what was judged', () => {
    const v = judge(errorShape, CUSTOM_API, [
      answer(1, 'missing-required', 422, { code: 'VALIDATION', message: 'name is required' }),
      answer(2, 'unknown-id', 404, { code: 'E_NOTFOUND', message: 'no such thing' }),
      answer(3, null, 409, { code: 'E_LEGACY' }),
    ]);
    expect(v).toMatchObject({ checkId: 'CT-ERROR-SHAPE', outcome: 'pass', reason: '3 response(s) conform' });
    expect(v.rule).toBe(
      'Contract x-pacer-error-shapes: answers to invalid input are 422 {code: "VALIDATION", message}; other 4xx errors (not 401/403/429) are {code: /^E_[A-Z]+$/, message} (except code "E_LEGACY": {} without message).',
    );
  });

  it('a made-up API: each broken rule fails with the field it broke', () => {
    expect(
      failures(CUSTOM_API, [
        answer(1, 'wrong-type', 400, { code: 'VALIDATION', message: 'x' }),
        answer(2, 'enum', 422, { code: 'INVALID', message: 'x' }),
        answer(3, 'bounds', 422, { code: 'VALIDATION', message: '' }),
        answer(4, 'unknown-id', 404, { code: 'P404', message: 'x' }),
        answer(5, null, 409, { code: 'E_LEGACY', message: 'legacy errors carry none' }),
        answer(6, null, 400, 'plain text'),
      ]),
    ).toEqual([
      [
        [1],
        '',
        'getThing wrong-type case answered 400; validation errors are declared as 422 {code: "VALIDATION", message}',
      ],
      [[2], '/code', 'getThing enum case: code is "INVALID", not "VALIDATION"'],
      [[3], '/message', 'getThing bounds case: message missing or empty'],
      [[4], '/code', 'getThing 404: code "P404" does not match /^E_[A-Z]+$/'],
      [[5], '/message', 'getThing 409 (code "E_LEGACY"): carries message, which the shape leaves out'],
      [[6], '', 'getThing 400: error body is not a JSON object'],
    ]);
  });

  it("a made-up API: the declared auth statuses (401, 403) and 429 are other checks' business", () => {
    const v = judge(errorShape, CUSTOM_API, [
      answer(1, null, 403, { nothing: 'like an error shape' }),
      answer(2, null, 429, { error: 'slow down' }),
      answer(3, 'auth-missing', 400, {}),
    ]);
    expect(v).toMatchObject({
      outcome: 'skip',
      reason: 'no 4xx error responses (other than 401/403/429) to judge',
    });
  });

  it('the Partner API: the bundled contract declares exactly these conventions', async () => {
    const { document } = await loadContract('conformance/partner-api.yaml');
    expect({ [AUTH]: document[AUTH], [ERROR_SHAPES]: document[ERROR_SHAPES] }).toEqual(PARTNER_API);
  });

  it('the Partner API: P403 validation errors, P-code business errors and a business P403 pass', () => {
    const v = judge(errorShape, PARTNER_API, [
      answer(1, 'missing-required', 400, { errorCode: 'P403', errorMessage: 'amount is required' }),
      answer(2, 'unknown-id', 404, { errorCode: 'P442', errorName: 'lock-not-found', errorMessage: 'x' }),
      answer(3, null, 400, { errorCode: 'P403', errorMessage: 'expired', errorName: 'extra' }),
    ]);
    expect(v.outcome).toBe('pass');
    expect(v.title).toBe('Error bodies follow the documented error shapes');
    expect(v.rule).toBe(
      'Contract x-pacer-error-shapes: answers to invalid input are 400 {errorCode: "P403", errorMessage} without errorName; other 4xx errors (not 401/429) are {errorCode: /^P\\d{3}$/, errorName, errorMessage} (except errorCode "P403": {errorMessage}).',
    );
  });

  it('the Partner API: every behaviour the hard-coded check failed still fails', () => {
    expect(
      failures(PARTNER_API, [
        answer(1, 'malformed-json', 404, { errorCode: 'P403', errorMessage: 'x' }),
        answer(2, 'wrong-type', 400, { errorCode: 'P410', errorMessage: 'x' }),
        answer(3, 'enum', 400, { errorCode: 'P403' }),
        answer(4, 'pattern', 400, { errorCode: 'P403', errorMessage: 'x', errorName: 'validation' }),
        answer(5, null, 400, { errorCode: 'E1', errorName: 'n', errorMessage: 'x' }),
        answer(6, null, 400, { errorCode: 'P412', errorMessage: 'User not exist' }),
        answer(7, null, 404, { errorCode: 'P403' }),
      ]),
    ).toEqual([
      [
        [1],
        '',
        expect.stringMatching(
          /^getThing malformed-json case answered 404; validation errors are declared as 400 /,
        ),
      ],
      [[2], '/errorCode', 'getThing wrong-type case: errorCode is "P410", not "P403"'],
      [[3], '/errorMessage', 'getThing enum case: errorMessage missing or empty'],
      [[4], '/errorName', 'getThing pattern case: carries errorName, which the shape leaves out'],
      [[5], '/errorCode', 'getThing 400: errorCode "E1" does not match /^P\\d{3}$/'],
      [[6], '/errorName', 'getThing 400: errorName missing or empty'],
      [[7], '/errorMessage', 'getThing 404 (errorCode "P403"): errorMessage missing or empty'],
    ]);
  });

  it('without a validation shape, answers to invalid input are judged as business errors', () => {
    const onlyBusiness = { [ERROR_SHAPES]: { business: { required: ['error'] } } };
    expect(failures(onlyBusiness, [answer(1, 'wrong-type', 400, { message: 'x' })])).toEqual([
      [[1], '/error', 'getThing 400: error missing or empty'],
    ]);
    const onlyValidation = { [ERROR_SHAPES]: { validation: { required: ['error'] } } };
    const v = judge(errorShape, onlyValidation, [answer(1, null, 404, 'anything')]);
    expect(v).toMatchObject({ outcome: 'skip', reason: 'no 4xx answers to invalid input to judge' });
  });

  it('without x-pacer-error-shapes the check skips; a malformed one fails naming the problem', () => {
    const records = [answer(1, 'wrong-type', 400, { anything: true })];
    const absent = judge(errorShape, {}, records);
    expect(absent).toMatchObject({
      outcome: 'skip',
      reason: 'the contract declares no x-pacer-error-shapes',
    });
    expect(absent.rule).toBe('The contract declares no x-pacer-error-shapes: error bodies are not judged.');
    const broken = judge(errorShape, { [ERROR_SHAPES]: { business: { pattern: { code: '(' } } } }, records);
    expect(broken.outcome).toBe('fail');
    expect(broken.reason).toMatch(
      /^the contract's x-pacer-error-shapes is malformed at \/x-pacer-error-shapes\/business\/pattern\/code: /,
    );
  });
});
