/**
 * The `pacer_trace` sample format: one Counter sample (value 1) per response, whose tags carry the
 * whole trace record. The k6 scenarios encode with `encodeTraceTags`, `readK6Json` decodes with
 * `decodeTraceTags`; both live here so the two sides cannot drift. Pure, bundled into k6.
 *
 * k6 tags are strings: a null field is an absent tag. Times are wall-clock epoch ms (k6 has no
 * monotonic clock in JS); the sample's own time is when it was emitted, after the response.
 */
import type { RecordedHeaders, TraceRecord } from '../trace/types';

export const TRACE_METRIC = 'pacer_trace';

/** Longest body text kept in a tag (429 and error bodies only; admitted bodies are not kept). */
export const BODY_TAG_MAX = 2048;

const SECRET_HEADER = /^(x-api-key|authorization|proxy-authorization|cookie)$/i;

/** What the scenario knows about one exchange. */
export interface TraceSample {
  probe: string;
  /** VU id in the test and that VU's request counter: unique together, ordered within a VU. */
  vu: number;
  n: number;
  source: string | null;
  keyLabel: string;
  method: string;
  pathTemplate: string;
  path: string;
  operationId: string | null;
  /** Epoch ms: when the schedule wanted the request, when it was sent, first byte, end. */
  intendedEpochMs: number;
  sentEpochMs: number;
  firstByteEpochMs: number | null;
  endEpochMs: number | null;
  status: number | null;
  headers: RecordedHeaders;
  bodySize: number;
  /** Body text of a 429 or error response (clipped), absent otherwise. */
  bodyText?: string;
  requestHeaders?: Record<string, string>;
  error?: { code: string; message: string };
}

const HEADER_TAGS: Record<keyof RecordedHeaders, string> = {
  limit: 'limit',
  remaining: 'remaining',
  reset: 'reset',
  retryAfter: 'retry_after',
  date: 'date',
  cacheControl: 'cache_control',
  contentType: 'content_type',
};

// Full precision: k6 timings are fractional ms, and rounding would shift the checks' arithmetic.
const ms = (n: number): string => String(n);

export function encodeTraceTags(s: TraceSample): Record<string, string> {
  const tags: Record<string, string> = {
    probe: s.probe,
    vu: String(s.vu),
    n: String(s.n),
    key: s.keyLabel,
    method: s.method,
    path_template: s.pathTemplate,
    path: s.path,
    intended_ms: ms(s.intendedEpochMs),
    sent_ms: ms(s.sentEpochMs),
    body_size: String(s.bodySize),
  };
  if (s.source !== null) tags.source = s.source;
  if (s.operationId !== null) tags.operation_id = s.operationId;
  if (s.firstByteEpochMs !== null) tags.first_byte_ms = ms(s.firstByteEpochMs);
  if (s.endEpochMs !== null) tags.end_ms = ms(s.endEpochMs);
  if (s.status !== null) tags.status = String(s.status);
  for (const key of Object.keys(HEADER_TAGS) as Array<keyof RecordedHeaders>) {
    const value = s.headers[key];
    if (value !== null) tags[HEADER_TAGS[key]] = value;
  }
  if (s.bodyText !== undefined) tags.body = s.bodyText.slice(0, BODY_TAG_MAX);
  if (s.requestHeaders) {
    const safe: Record<string, string> = {};
    for (const name of Object.keys(s.requestHeaders)) {
      // The credential never reaches a tag, even if a caller passes it in by mistake.
      if (!SECRET_HEADER.test(name)) safe[name] = s.requestHeaders[name];
    }
    if (Object.keys(safe).length > 0) tags.req_headers = JSON.stringify(safe);
  }
  if (s.error) {
    tags.error_code = s.error.code;
    tags.error = s.error.message;
  }
  return tags;
}

/** A decoded sample: the record without the run-relative fields the importer assigns. */
export interface DecodedSample {
  vu: number;
  n: number;
  intendedEpochMs: number;
  sentEpochMs: number;
  firstByteEpochMs: number | null;
  endEpochMs: number | null;
  record: Omit<TraceRecord, 'seq' | 'intendedMs' | 'sentMs' | 'firstByteMs' | 'endMs' | 'sentAtEpochMs'>;
}

export type DecodeResult = { ok: true; sample: DecodedSample } | { ok: false; problem: string };

const REQUIRED = ['probe', 'vu', 'n', 'method', 'path_template', 'path', 'sent_ms'] as const;

function num(tags: Readonly<Record<string, string>>, name: string): number | null {
  const raw = tags[name];
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

export function decodeTraceTags(tags: Readonly<Record<string, string>>): DecodeResult {
  for (const name of REQUIRED) {
    if (typeof tags[name] !== 'string' || tags[name] === '') {
      return { ok: false, problem: `tag "${name}" missing` };
    }
  }
  const vu = num(tags, 'vu');
  const n = num(tags, 'n');
  const sent = num(tags, 'sent_ms');
  if (vu === null || n === null || sent === null) {
    return { ok: false, problem: 'tags "vu", "n" and "sent_ms" must be numbers' };
  }
  const status = num(tags, 'status');
  const headers = {} as RecordedHeaders;
  for (const key of Object.keys(HEADER_TAGS) as Array<keyof RecordedHeaders>) {
    const value = tags[HEADER_TAGS[key]];
    headers[key] = value === undefined ? null : value;
  }
  const record: DecodedSample['record'] = {
    probe: tags.probe,
    source: tags.source ?? null,
    operationId: tags.operation_id ?? null,
    method: tags.method,
    pathTemplate: tags.path_template,
    path: tags.path,
    keyLabel: tags.key ?? 'none',
    // k6 reports a failed exchange as status 0.
    status: status === null || status === 0 ? null : status,
    headers,
    bodySize: num(tags, 'body_size') ?? 0,
  };
  if (tags.req_headers !== undefined) {
    try {
      record.requestHeaders = JSON.parse(tags.req_headers) as Record<string, string>;
    } catch {
      return { ok: false, problem: 'tag "req_headers" is not JSON' };
    }
  }
  if (tags.body !== undefined) {
    try {
      record.body = JSON.parse(tags.body) as unknown;
    } catch {
      record.bodyText = tags.body;
    }
  }
  if (tags.error_code !== undefined || tags.error !== undefined) {
    record.error = { code: tags.error_code ?? 'K6_ERROR', message: tags.error ?? '' };
  }
  return {
    ok: true,
    sample: {
      vu,
      n,
      intendedEpochMs: num(tags, 'intended_ms') ?? sent,
      sentEpochMs: sent,
      firstByteEpochMs: num(tags, 'first_byte_ms'),
      endEpochMs: num(tags, 'end_ms'),
      record,
    },
  };
}
