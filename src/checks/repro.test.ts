import { describe, expect, it } from 'vitest';
import { makeRecord } from './rate-limit/test-helpers';
import { curlFor, shellQuote } from './repro';

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('http://a/b')).toBe('http://a/b');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});

describe('curlFor', () => {
  it('writes the key as an environment variable, never a value', () => {
    const c = curlFor(
      makeRecord({ requestHeaders: { 'x-api-key': 'secret', 'X-Forwarded-For': '10.0.0.1' } }),
      'http://127.0.0.1:8080/',
    );
    expect(c.command).toBe(
      `curl -sS -i http://127.0.0.1:8080/v1/balances --interface 127.0.0.10 -H "x-api-key: $PACER_API_KEY" -H 'X-Forwarded-For: 10.0.0.1'`,
    );
    expect(c.command).not.toContain('secret');
    expect(c.warnings).toEqual([]);
  });

  it('handles other key labels, bodies and methods', () => {
    const post = makeRecord({
      method: 'post',
      path: '/v1/x?a=1&b=2',
      keyLabel: 'secondary',
      source: null,
      requestBody: { note: "o'k" },
    });
    expect(curlFor(post, 'http://h').command).toBe(
      `curl -sS -i -X POST 'http://h/v1/x?a=1&b=2' -H "x-api-key: $PACER_API_KEY_SECONDARY" -H 'content-type: application/json' --data-raw '{"note":"o'\\''k"}'`,
    );
    expect(curlFor(makeRecord({ keyLabel: 'none' }), 'http://h').command).not.toContain('x-api-key');
    expect(curlFor(makeRecord({ keyLabel: 'wrong' }), 'http://h').command).toContain(
      `-H 'x-api-key: pacer-invalid-key'`,
    );
  });

  it('joins the base path and the request query, dropping the target user info and query', () => {
    const rec = makeRecord({ path: '/v1/partner/balances?currency=usdt', source: null, keyLabel: 'none' });
    const c = curlFor(rec, 'http://user:hunter2pass@h:8080/api/?token=qsecret');
    expect(c.command).toBe(`curl -sS -i 'http://h:8080/api/v1/partner/balances?currency=usdt'`);
    expect(curlFor(rec, 'https://h/?token=qsecret').command).toBe(
      `curl -sS -i 'https://h/v1/partner/balances?currency=usdt'`,
    );
  });

  it('warns about an unknown target and non-printable bytes', () => {
    const c = curlFor(makeRecord({ requestBodyText: 'a\u0001b' }));
    expect(c.command).toContain('"$PACER_TARGET"/v1/balances');
    expect(c.warnings).toHaveLength(2);
  });
});
