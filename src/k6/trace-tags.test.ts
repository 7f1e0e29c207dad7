import { describe, expect, it } from 'vitest';
import { decodeTraceTags, encodeTraceTags, type TraceSample } from './trace-tags';

const sample = (over: Partial<TraceSample> = {}): TraceSample => ({
  probe: 'spoof',
  vu: 3,
  n: 17,
  source: '10.0.0.5',
  keyLabel: 'primary',
  method: 'GET',
  pathTemplate: '/v1/partner/balances',
  path: '/v1/partner/balances?x=1',
  operationId: 'getPartnerBalances',
  intendedEpochMs: 1795914000000,
  sentEpochMs: 1795914000004.6,
  firstByteEpochMs: 1795914000010,
  endEpochMs: 1795914000011,
  status: 429,
  headers: {
    limit: '300',
    remaining: '0',
    reset: '1795914060',
    retryAfter: '56',
    date: 'Sun, 29 Nov 2026 01:00:04 GMT',
    cacheControl: 'no-store',
    contentType: 'application/json',
  },
  bodySize: 90,
  bodyText: '{"error":"Rate limit exceeded"}',
  requestHeaders: { 'X-Forwarded-For': '203.0.113.1' },
  ...over,
});

describe('trace tags', () => {
  it('round-trips every field the checks read', () => {
    const decoded = decodeTraceTags(encodeTraceTags(sample()));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.sample).toMatchObject({
      vu: 3,
      n: 17,
      intendedEpochMs: 1795914000000,
      sentEpochMs: 1795914000004.6,
      firstByteEpochMs: 1795914000010,
      endEpochMs: 1795914000011,
    });
    expect(decoded.sample.record).toEqual({
      probe: 'spoof',
      source: '10.0.0.5',
      operationId: 'getPartnerBalances',
      method: 'GET',
      pathTemplate: '/v1/partner/balances',
      path: '/v1/partner/balances?x=1',
      keyLabel: 'primary',
      status: 429,
      headers: sample().headers,
      bodySize: 90,
      body: { error: 'Rate limit exceeded' },
      requestHeaders: { 'X-Forwarded-For': '203.0.113.1' },
    });
  });

  it('keeps absent headers, source and operation as null (no tag at all)', () => {
    const tags = encodeTraceTags(
      sample({
        source: null,
        operationId: null,
        headers: { ...sample().headers, retryAfter: null, cacheControl: null },
        bodyText: undefined,
        requestHeaders: undefined,
      }),
    );
    expect(Object.keys(tags)).not.toEqual(expect.arrayContaining(['source', 'operation_id', 'retry_after']));
    const d = decodeTraceTags(tags);
    if (!d.ok) throw new Error(d.problem);
    expect(d.sample.record.source).toBeNull();
    expect(d.sample.record.headers.retryAfter).toBeNull();
    expect(d.sample.record.body).toBeUndefined();
  });

  it('never writes a credential header into a tag', () => {
    const tags = encodeTraceTags(
      sample({
        requestHeaders: { 'x-api-key': 'sk-live-123', Authorization: 'Bearer t', 'X-Real-IP': '1.2.3.4' },
      }),
    );
    expect(JSON.stringify(tags)).not.toMatch(/sk-live-123|Bearer t/);
    expect(JSON.parse(tags.req_headers)).toEqual({ 'X-Real-IP': '1.2.3.4' });
  });

  it('keeps a non-JSON body as text and a failed exchange as an error', () => {
    const d = decodeTraceTags(
      encodeTraceTags(
        sample({
          status: null,
          bodyText: '<html>busy</html>',
          error: { code: '1050', message: 'request timeout' },
        }),
      ),
    );
    if (!d.ok) throw new Error(d.problem);
    expect(d.sample.record.status).toBeNull();
    expect(d.sample.record.bodyText).toBe('<html>busy</html>');
    expect(d.sample.record.error).toEqual({ code: '1050', message: 'request timeout' });
  });

  it('refuses samples that lost their identity tags', () => {
    const tags = encodeTraceTags(sample());
    delete tags.vu;
    expect(decodeTraceTags(tags)).toEqual({ ok: false, problem: 'tag "vu" missing' });
    expect(decodeTraceTags({ ...encodeTraceTags(sample()), sent_ms: 'soon' }).ok).toBe(false);
  });
});
