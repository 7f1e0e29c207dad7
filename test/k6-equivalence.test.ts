/**
 * The k6 path loses nothing the checks read: every probe of a simulated run (against a correct
 * limiter and against each fault) is written as k6 `pacer_trace` samples, read back with
 * k6LinesToRecords, and must yield exactly the records and verdicts of the Node engine's trace.
 */

import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/checks/evaluate';
import { rateLimitChecks } from '../src/checks/rate-limit/registry';
import { BODY_SCHEMA, makePolicy, type SimFault, SimTrace } from '../src/checks/rate-limit/test-helpers';
import { runAllProbes } from '../src/checks/rate-limit/test-probes';
import { k6LinesToRecords } from '../src/k6/import-json';
import { recordsAsK6Lines } from '../src/k6/test-support/k6-lines';

const policy = makePolicy({
  limit: 10,
  windowMs: 10_000,
  tooManyRequests: { status: 429, bodySchema: BODY_SCHEMA, windowText: '10 seconds' },
});

const FAULTS: SimFault[][] = [
  [],
  ['admit-one-extra'],
  ['block-one-early'],
  ['no-headers-on-429'],
  ['remaining-stuck'],
  ['reset-in-ms'],
  ['reset-drifts'],
  ['no-retry-after'],
  ['retry-after-short'],
  ['never-resets'],
  ['penalty-on-429'],
  ['racy-counter'],
  ['trust-xff'],
  ['per-key-buckets'],
  ['per-endpoint-buckets'],
  ['wrong-429-body'],
  ['limit-header-wrong'],
];

describe('Node trace -> k6 JSON -> trace', () => {
  it.each(FAULTS.map((f) => [f.join('+') || 'correct limiter', f] as const))(
    '%s: same records, same verdicts',
    (_name, faults) => {
      const records = runAllProbes(new SimTrace({ policy, faults }));
      const back = k6LinesToRecords(recordsAsK6Lines(records));
      expect(back).toEqual(records);
      const ctx = { policy, target: 'http://127.0.0.1:8080' };
      const node = evaluate(rateLimitChecks.all(), records, ctx);
      const k6 = evaluate(rateLimitChecks.all(), back, ctx);
      expect(k6).toEqual(node);
      if (faults.length > 0) expect(k6.some((v) => v.outcome === 'fail')).toBe(true);
    },
  );
});
