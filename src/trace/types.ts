/**
 * The seam of pacer: both engines (Node and k6) write these records, every oracle reads only
 * these records. A record describes one HTTP exchange as the client saw it. Header values are kept
 * raw (strings exactly as received, repeated headers joined with ", ") because judging whether they
 * are well formed is the checks' job, not the engine's.
 *
 * Times: `*Ms` fields are monotonic milliseconds since the run's origin (performance.now() based);
 * `sentAtEpochMs` anchors the record to wall-clock time (epoch milliseconds, local clock).
 *
 * Secrets never appear here: the API key is represented by `keyLabel` only.
 */
export interface TraceRecord {
  /** Sequence number, unique and increasing within a run (assigned at send time). */
  seq: number;
  /** Probe or scenario that produced the request (e.g. `exhaust`, `burst`, `conform`). */
  probe: string;
  /** Source address the request was bound to (`localAddress`), or null for the OS default. */
  source: string | null;
  operationId: string | null;
  method: string;
  /** OpenAPI path template, e.g. `/v1/order/details/{orderId}`. */
  pathTemplate: string;
  /** Path and query actually requested (no host, no secrets). */
  path: string;
  /** Which credential was used: `primary`, `secondary`, `wrong`, `none`... never the key itself. */
  keyLabel: string;
  /** Headers the client added on purpose (e.g. spoofed X-Forwarded-For), redacted of secrets. */
  requestHeaders?: Record<string, string>;
  /** JSON request body (conformance cases), absent for bodiless requests. */
  requestBody?: unknown;
  /** Raw request body text when it is not JSON (malformed-JSON cases). */
  requestBodyText?: string;

  /** When the schedule wanted the request sent (open model); equals sentMs in a closed model. */
  intendedMs: number;
  sentMs: number;
  firstByteMs: number | null;
  endMs: number | null;
  /** Wall-clock (local) epoch milliseconds at sentMs. */
  sentAtEpochMs: number;

  /** HTTP status, or null when the exchange failed before a status line arrived. */
  status: number | null;
  /** Raw rate-limit and timing headers (null: absent). */
  headers: RecordedHeaders;
  /** All response headers, lower-cased names (kept for conformance; may be omitted for load records). */
  responseHeaders?: Record<string, string>;
  bodySize: number;
  /** Parsed JSON body when the response was JSON and small enough to keep (always kept for 429 and errors). */
  body?: unknown;
  /** Body text when it was not valid JSON (truncated), so checks can report what arrived. */
  bodyText?: string;
  /** Network-level failure (connection refused, reset, timeout...). */
  error?: { code: string; message: string };

  /** Conformance case metadata, when the request was a generated case. */
  case?: CaseMeta;
}

export interface RecordedHeaders {
  limit: string | null;
  remaining: string | null;
  reset: string | null;
  retryAfter: string | null;
  date: string | null;
  cacheControl: string | null;
  contentType: string | null;
}

export interface CaseMeta {
  /** Stable id of the generated case, e.g. `createOrder/negative/missing:lockId`. */
  id: string;
  /** `positive`: must not be rejected; `negative`: must be rejected with a 4xx. */
  expectation: 'positive' | 'negative';
  /** Kind of case: example, synthesised, missing-required, wrong-type, auth-missing, unknown-id, wrong-method... */
  kind: string;
  /** Status the case expects, when it expects a specific one (e.g. 401, 404, 405). */
  expectedStatus?: number;
}

export const RECORDED_HEADER_NAMES: Record<keyof RecordedHeaders, string> = {
  limit: 'x-ratelimit-limit',
  remaining: 'x-ratelimit-remaining',
  reset: 'x-ratelimit-reset',
  retryAfter: 'retry-after',
  date: 'date',
  cacheControl: 'cache-control',
  contentType: 'content-type',
};
