import type { TraceRecord } from '../../trace/types';
import { encodeTraceTags } from '../trace-tags';

const METRIC_LINE =
  '{"type":"Metric","data":{"name":"pacer_trace","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"pacer_trace"}';

/**
 * What a k6 scenario would have emitted for these exchanges under `--out json`: the pacer_trace
 * declaration, then per record its pacer_trace point (one VU, n = seq) and a built-in
 * http_req_duration point that the importer must ignore. Tests use it to feed the same traffic
 * through both engines' paths.
 */
export function recordsAsK6Lines(records: readonly TraceRecord[]): string[] {
  const lines = [METRIC_LINE];
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
