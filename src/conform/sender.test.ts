import { describe, expect, it } from 'vitest';
import { makeRecord } from '../checks/rate-limit/test-helpers';
import type { RequestSpec } from '../engine/types';
import type { TraceRecord } from '../trace/types';
import type { ConformEngine } from './options';
import { Pacer } from './pacing';
import { createSender } from './sender';
import type { ConformCase } from './types';

const aCase: ConformCase = {
  id: 'op/positive/synthesised',
  operationId: 'op',
  method: 'GET',
  pathTemplate: '/a',
  expectation: 'positive',
  kind: 'synthesised',
  keyLabel: 'primary',
  pathParams: {},
  query: {},
  protect: [],
};

/** An engine answering with the given statuses in turn (null: no response). */
function scripted(statuses: Array<number | null>): ConformEngine & { sent: RequestSpec[] } {
  const sent: RequestSpec[] = [];
  return {
    sent,
    async send(spec) {
      const status = statuses[Math.min(sent.length, statuses.length - 1)];
      sent.push(spec);
      return makeRecord({
        seq: sent.length,
        status,
        ...(status === null ? { error: { code: 'ECONNREFUSED', message: 'refused' } } : {}),
        headers: status === 429 ? { retryAfter: '0' } : {},
      });
    },
    async close() {},
  };
}

function setup(statuses: Array<number | null>, maxRetries = 5) {
  const engine = scripted(statuses);
  // Short backoff and window so a retried 429 waits milliseconds, not seconds.
  const pacer = new Pacer([], { share: 1, fallbackLimit: 1000, fallbackWindowMs: 20, baseBackoffMs: 5 });
  const records: TraceRecord[] = [];
  const pauses: Array<string | undefined> = [];
  const sender = createSender({
    engine,
    pacer,
    target: 'http://t',
    maxRetries,
    onRecord: (r) => records.push(r),
    onPause: (p) => pauses.push(p.reason),
  });
  return { engine, records, pauses, ...sender };
}

describe('createSender', () => {
  it('retries a case answered 429 after the wait and returns the final answer', async () => {
    const s = setup([429, 200]);
    const record = await s.send(aCase);
    expect(record.status).toBe(200);
    expect(s.engine.sent.map((x) => x.case?.id)).toEqual([aCase.id, aCase.id]);
    expect(s.records.map((r) => r.status)).toEqual([429, 200]);
    expect(s.stats).toMatchObject({ requests: 2, tooManyRequests: 1 });
    expect(s.pauses[0]).toMatch(/429/);
  });

  it('gives up after maxRetries and returns the 429', async () => {
    const s = setup([429], 2);
    expect((await s.send(aCase)).status).toBe(429);
    expect(s.stats.requests).toBe(3);
  });

  it('stops with target-unreachable when the first requests get no answer', async () => {
    const s = setup([null]);
    await expect(s.send(aCase)).rejects.toMatchObject({ code: 'PACER_ERR_TARGET_UNREACHABLE' });
  });

  it('returns a failed exchange once the target has answered before (a finding, not an outage)', async () => {
    const s = setup([200, null]);
    await s.send(aCase);
    const record = await s.send(aCase);
    expect(record.status).toBeNull();
    expect(record.error?.code).toBe('ECONNREFUSED');
  });
});
