import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedHeaders, TraceRecord } from '../../trace/types';
import { evaluate } from '../evaluate';
import { rateLimitChecks } from './registry';
import { makePolicy, SimTrace } from './test-helpers';
import { runAllProbes } from './test-probes';

const policy = makePolicy({ limit: 5, windowMs: 2000 });
const base = runAllProbes(new SimTrace({ policy }));

const headerValue = fc.oneof(
  fc.constant(null),
  fc.string(),
  fc.constantFrom(
    'abc',
    '-1',
    '1.5',
    '300, 300',
    '',
    ' ',
    '1e3',
    '99999999999999999999',
    '0x10',
    'NaN',
    'Infinity',
  ),
  fc.integer({ min: -1e13, max: 1e13 }).map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
);

const headerKeys: Array<keyof RecordedHeaders> = [
  'limit',
  'remaining',
  'reset',
  'retryAfter',
  'date',
  'cacheControl',
  'contentType',
];

describe('rate-limit checks on garbage', () => {
  it('never crash, whatever the headers, bodies and statuses hold', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            index: fc.nat({ max: base.length - 1 }),
            key: fc.constantFrom(...headerKeys),
            value: headerValue,
            status: fc.option(fc.constantFrom(null, 200, 401, 429, 500), { nil: undefined }),
            body: fc.option(fc.anything(), { nil: undefined }),
          }),
          { maxLength: 40 },
        ),
        (edits) => {
          const records: TraceRecord[] = base.map((r) => ({ ...r, headers: { ...r.headers } }));
          for (const e of edits) {
            const r = records[e.index];
            r.headers[e.key] = e.value;
            if (e.status !== undefined) r.status = e.status;
            if (e.body !== undefined) r.body = e.body;
          }
          const verdicts = evaluate(rateLimitChecks.all(), records, { policy });
          const crashed = verdicts.filter((v) => v.reason?.includes('crashed'));
          expect(crashed.map((v) => `${v.checkId}: ${v.reason}`)).toEqual([]);
          expect(verdicts).toHaveLength(19);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fails (not skips) a trace whose Remaining values are all garbage', () => {
    const garbage = base.map((r) =>
      r.probe === 'exhaust' ? { ...r, headers: { ...r.headers, remaining: 'abc' } } : r,
    );
    const v = evaluate(
      rateLimitChecks.all(),
      garbage,
      { policy },
      { only: ['RL-REMAINING-ACCOUNTING', 'RL-HEADERS-WELLFORMED'] },
    );
    expect(v.map((x) => x.outcome)).toEqual(['fail', 'fail']);
    expect(v[1].reason).toContain('"abc" is not an integer');
  });
});
