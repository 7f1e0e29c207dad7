import { describe, expect, it } from 'vitest';
import { authEnforced } from './auth';
import { answer, CUSTOM_API, judge, PARTNER_API } from './test-helpers';

const denied = (code: string) => ({ message: `Access Denied. ${code}` });

describe('CT-AUTH reads x-pacer-auth', () => {
  it('a made-up API: 401 for no key, 403 with E_KEY for a wrong one, passes; the verdict says so', () => {
    const v = judge(authEnforced, CUSTOM_API, [
      answer(1, 'auth-missing', 401, { error: 'no key' }),
      answer(2, 'auth-wrong', 403, { error: 'E_KEY', detail: 'unknown key' }),
    ]);
    expect(v).toMatchObject({ checkId: 'CT-AUTH', outcome: 'pass', operationId: 'getThing' });
    expect(v.title).toBe(
      'Missing and wrong API keys are refused (missing: 401; wrong: 403 with "E_KEY" in the body)',
    );
    expect(v.rule).toBe(
      'Contract x-pacer-auth: a request without an API key is answered 401, one with a wrong key 403 with "E_KEY" in the body.',
    );
  });

  it('a made-up API: a wrong key answered 401, or 403 without E_KEY, fails', () => {
    const v = judge(authEnforced, CUSTOM_API, [
      answer(1, 'auth-wrong', 401, { error: 'E_KEY' }),
      answer(2, 'auth-wrong', 403, { error: 'forbidden' }),
    ]);
    expect(v.outcome).toBe('fail');
    expect(v.evidence.map((e) => [e.seq, e.message, e.expected])).toEqual([
      [
        [1],
        'getThing: auth-wrong answered 401, expected 403 with "E_KEY" in the body',
        '403 with "E_KEY" in the body',
      ],
      [[2], 'getThing: auth-wrong answered 403 without "E_KEY" in the body', '403 with "E_KEY" in the body'],
    ]);
  });

  it('the Partner API: xo1/xo2 in the title, and a wrong key answered "xo1" fails', () => {
    const ok = judge(authEnforced, PARTNER_API, [
      answer(1, 'auth-missing', 401, denied('xo1')),
      answer(2, 'auth-wrong', 401, denied('xo2')),
    ]);
    expect(ok.outcome).toBe('pass');
    expect(ok.title).toBe('Missing and wrong API keys are refused with 401 xo1/xo2');
    const bad = judge(authEnforced, PARTNER_API, [
      answer(1, 'auth-missing', 401, denied('xo1')),
      answer(2, 'auth-wrong', 401, denied('xo1')),
      answer(3, 'auth-missing', 200, { ok: true }),
    ]);
    expect(bad.outcome).toBe('fail');
    expect(bad.evidence.map((e) => e.seq)).toEqual([[2], [3]]);
  });

  it('judges the last record of a case retried after 429, and never the 429 itself', () => {
    const retried = [answer(1, 'auth-wrong', 429, { error: 'slow down' }), answer(2, 'auth-wrong', 403, 'x')];
    retried[1].case = retried[0].case;
    expect(judge(authEnforced, CUSTOM_API, retried).outcome).toBe('fail');
    retried[1].body = { error: 'E_KEY' };
    expect(judge(authEnforced, CUSTOM_API, retried).outcome).toBe('pass');
  });

  it('without x-pacer-auth only the status is judged: 401 with any body passes, 403 fails', () => {
    const pass = judge(authEnforced, {}, [
      answer(1, 'auth-missing', 401, {}),
      answer(2, 'auth-wrong', 401, 'no'),
    ]);
    expect(pass.outcome).toBe('pass');
    expect(pass.title).toBe('Missing and wrong API keys are refused with 401');
    expect(pass.rule).toMatch(/^The contract declares no x-pacer-auth, so only the status is judged/);
    const fail = judge(authEnforced, {}, [answer(1, 'auth-wrong', 403, {})]);
    expect(fail.outcome).toBe('fail');
    expect(fail.evidence[0].message).toBe('getThing: auth-wrong answered 403, expected 401');
  });

  it('skips an operation without auth cases, and a malformed x-pacer-auth fails naming the problem', () => {
    expect(judge(authEnforced, CUSTOM_API, [answer(1, null, 200, {})]).outcome).toBe('skip');
    const broken = { 'x-pacer-auth': { wrong: { status: '403' } } };
    const v = judge(authEnforced, broken, [answer(1, 'auth-wrong', 401, {})]);
    expect(v.outcome).toBe('fail');
    expect(v.reason).toBe(
      'the contract\'s x-pacer-auth is malformed at /x-pacer-auth/wrong/status: x-pacer-auth: status "403" is not a 4xx status code (400-499); run pacer contract lint',
    );
  });
});
