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
import { encodeTraceTags } from '../src/k6/trace-tags';
import type { TraceRecord } from '../src/trace/types';

const policy = makePolicy({
  limit: 10,
  windowMs: 10_000,
  tooManyRequests: { status: 429, bodySchema: BODY_SCHEMA, windowText: '10 seconds' },
});

/** What a k6 scenario would have emitted for this exchange, as `--out json` lines. */
function asK6Lines(records: readonly TraceRecord[]): string[] {
  const lines = [
    '{"type":"Metric","data":{"name":"pacer_trace","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"pacer_trace"}',
  ];
  for (const r of records) {
    const epoch = (ms: number | null) => (ms === null ? null : r.sentAtEpochMs + (ms - r.sentMs));
    const tags = encodeTraceTags({
      probe: r.probe,
      vu: 1,
      n: r.seq,
      source: r.source,
      keyLabel: r.keyLabel,
      method: r.method,
      pathTemplate: r.pathTemplate,
      path: r.path,
      operationId: r.operationId,
      intendedEpochMs: epoch(r.intendedMs) ?? r.sentAtEpochMs,
      sentEpochMs: r.sentAtEpochMs,
      firstByteEpochMs: epoch(r.firstByteMs),
      endEpochMs: epoch(r.endMs),
      status: r.status,
      headers: r.headers,
      bodySize: r.bodySize,
      bodyText: r.body === undefined ? r.bodyText : JSON.stringify(r.body),
      requestHeaders: r.requestHeaders,
      error: r.error,
    });
    const time = new Date((epoch(r.endMs) ?? r.sentAtEpochMs) + 1).toISOString();
    lines.push(JSON.stringify({ metric: 'pacer_trace', type: 'Point', data: { time, value: 1, tags } }));
    lines.push(
      JSON.stringify({
        metric: 'http_req_duration',
        type: 'Point',
        data: { time, value: 2, tags: { status: String(r.status ?? 0), scenario: r.probe } },
      }),
    );
  }
  return lines;
}

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
      const back = k6LinesToRecords(asK6Lines(records));
      expect(back).toEqual(records);
      const ctx = { policy, target: 'http://127.0.0.1:8080' };
      const node = evaluate(rateLimitChecks.all(), records, ctx);
      const k6 = evaluate(rateLimitChecks.all(), back, ctx);
      expect(k6).toEqual(node);
      if (faults.length > 0) expect(k6.some((v) => v.outcome === 'fail')).toBe(true);
    },
  );
});
