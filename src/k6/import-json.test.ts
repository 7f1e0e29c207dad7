import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../checks/evaluate';
import { rateLimitChecks } from '../checks/rate-limit/registry';
import { makePolicy } from '../checks/rate-limit/test-helpers';
import { PacerError } from '../errors';
import { k6LinesToRecords, readK6Json } from './import-json';

/**
 * A k6 run in the documented `--out json` shape (Metric declarations, then Points with tags):
 * the exhaust probe against a limit of 3 per 60 s, crossing the limit at request 4. Interleaved
 * built-in metrics must be ignored. Times carry nanoseconds as k6 writes them.
 */
const DATE = 'Sun, 29 Nov 2026 01:00:00 GMT';
const RESET = '1795914060';
const BODY429 = JSON.stringify({
  error: 'Rate limit exceeded',
  message: 'Too many requests',
  retry_after: 60,
  limit: 3,
  window: '1 minute',
});
const point = (n: number, status: number, remaining: number, extra: Record<string, string> = {}): string =>
  JSON.stringify({
    metric: 'pacer_trace',
    type: 'Point',
    data: {
      time: `2026-11-29T01:00:00.${String(100 + n * 10).padStart(3, '0')}048831Z`,
      value: 1,
      tags: {
        group: '',
        scenario: 'exhaust',
        probe: 'exhaust',
        vu: '1',
        n: String(n),
        key: 'primary',
        method: 'GET',
        path_template: '/v1/partner/balances',
        path: '/v1/partner/balances',
        operation_id: 'getPartnerBalances',
        intended_ms: String(1795914000000 + n * 10),
        sent_ms: String(1795914000000 + n * 10),
        first_byte_ms: String(1795914000000 + n * 10 + 3),
        end_ms: String(1795914000000 + n * 10 + 4),
        status: String(status),
        limit: '3',
        remaining: String(remaining),
        reset: RESET,
        date: DATE,
        content_type: 'application/json',
        body_size: '20',
        ...extra,
      },
    },
  });

const FIXTURE = [
  '{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}',
  '{"type":"Metric","data":{"name":"pacer_trace","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"pacer_trace"}',
  '{"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-29T01:00:00.112791509Z","value":3.8,"tags":{"expected_response":"true","group":"","method":"GET","name":"/v1/partner/balances","proto":"HTTP/1.1","scenario":"exhaust","status":"200","url":"http://127.0.0.1:18081/v1/partner/balances"}}}',
  point(1, 200, 2),
  point(2, 200, 1),
  point(3, 200, 0),
  point(4, 429, 0, { retry_after: '60', body: BODY429 }),
  point(5, 429, 0, { retry_after: '60', body: BODY429 }),
];

const policy = makePolicy({ limit: 3 });
const verdictOf = (records: ReturnType<typeof k6LinesToRecords>, id: string) =>
  evaluate(rateLimitChecks.all(), records, { policy }, { only: [id] })[0];

describe('k6LinesToRecords', () => {
  it('turns pacer_trace points into ordered trace records and skips built-in metrics', () => {
    const records = k6LinesToRecords(FIXTURE);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    const first = records[0];
    expect(first).toMatchObject({
      probe: 'exhaust',
      operationId: 'getPartnerBalances',
      pathTemplate: '/v1/partner/balances',
      keyLabel: 'primary',
      source: null,
      sentMs: 0,
      intendedMs: 0,
      firstByteMs: 3,
      endMs: 4,
      sentAtEpochMs: 1795914000010,
    });
    expect(first.headers).toEqual({
      limit: '3',
      remaining: '2',
      reset: RESET,
      retryAfter: null,
      date: DATE,
      cacheControl: null,
      contentType: 'application/json',
    });
    expect(records[3].body).toEqual(JSON.parse(BODY429));
    expect(records[3].headers.retryAfter).toBe('60');
  });

  it('orders by send time whatever the line order, VU counter breaking ties', () => {
    const shuffled = [FIXTURE[0], FIXTURE[1], FIXTURE[6], FIXTURE[4], FIXTURE[7], FIXTURE[3], FIXTURE[5]];
    expect(k6LinesToRecords(shuffled).map((r) => r.headers.remaining)).toEqual(['2', '1', '0', '0', '0']);
  });

  it('gives the same verdicts as the Node engine would on that exhaust run', () => {
    const records = k6LinesToRecords(FIXTURE);
    expect(verdictOf(records, 'RL-ADMISSION-EXACT').outcome).toBe('pass');
    expect(verdictOf(records, 'RL-REMAINING-ACCOUNTING').outcome).toBe('pass');
    expect(verdictOf(records, 'RL-429-SHAPE').outcome).toBe('pass');
    expect(verdictOf(records, 'RL-HEADERS-PRESENT').outcome).toBe('pass');
  });

  it('a run where a 4th request got in fails RL-ADMISSION-EXACT', () => {
    const lines = [
      ...FIXTURE.slice(0, 6),
      point(4, 200, 0),
      point(5, 429, 0, { retry_after: '60', body: BODY429 }),
    ];
    const v = verdictOf(k6LinesToRecords(lines), 'RL-ADMISSION-EXACT');
    expect(v.outcome).toBe('fail');
    expect(v.evidence[0].seq).toEqual([5]);
  });

  it('maps k6 status 0 (no response) to a null status with the error', () => {
    const line = point(1, 0, 0, { error_code: '1211', error: 'dial tcp: i/o timeout' });
    const [r] = k6LinesToRecords([line]);
    expect(r.status).toBeNull();
    expect(r.error).toEqual({ code: '1211', message: 'dial tcp: i/o timeout' });
  });

  it('skips a truncated last line but rejects a bad line elsewhere, naming it', () => {
    expect(k6LinesToRecords([...FIXTURE, '{"metric":"pacer_trace","type":"Po']).length).toBe(5);
    try {
      k6LinesToRecords([FIXTURE[0], 'not json', FIXTURE[3]], 'run.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PacerError);
      expect((error as PacerError).context).toMatchObject({ file: 'run.json', line: 2 });
    }
    expect(() => k6LinesToRecords([point(1, 200, 2).replace('"sent_ms"', '"sent_at"')])).toThrow(
      /tag "sent_ms" missing/,
    );
  });
});

describe('readK6Json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pacer-k6-json-'));

  it('reads plain and gzipped files alike', async () => {
    const plain = join(dir, 'run.json');
    const gz = join(dir, 'run.json.gz');
    writeFileSync(plain, `${FIXTURE.join('\n')}\n`);
    writeFileSync(gz, gzipSync(`${FIXTURE.join('\n')}\n`));
    const a = await readK6Json(plain);
    const b = await readK6Json(gz);
    expect(a.length).toBe(5);
    expect(b).toEqual(a);
  });

  it('a k6 output without pacer_trace samples is an error, not an empty pass', async () => {
    const file = join(dir, 'builtin-only.json');
    writeFileSync(file, `${FIXTURE.slice(0, 3).join('\n')}\n`);
    await expect(readK6Json(file)).rejects.toThrow(/no pacer_trace samples/);
    await expect(readK6Json(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'PACER_ERR_FILE' });
  });
});
