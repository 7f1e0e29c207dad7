import type { CaseMeta, TraceRecord } from '../trace/types';

/** One request to send. The engine turns it into exactly one TraceRecord. */
export interface RequestSpec {
  probe: string;
  operationId: string | null;
  method: string;
  pathTemplate: string;
  /** Path and query, starting with `/`. */
  path: string;
  /** Which configured credential to send: a label of `EngineOptions.apiKeys`, or `none`. */
  keyLabel: string;
  /** Source address to bind (`localAddress`), null/absent for the OS default. */
  source?: string | null;
  /** Extra headers (e.g. spoofed X-Forwarded-For). Never put the API key here. */
  headers?: Record<string, string>;
  /** JSON body (serialised by the engine) ... */
  body?: unknown;
  /** ... or a raw body text (malformed-JSON cases), sent with `contentType`. */
  bodyText?: string;
  contentType?: string;
  /** Keep the parsed response body in the record (conformance). Error and 429 bodies are always kept. */
  keepBody?: boolean;
  case?: CaseMeta;
}

export interface EngineOptions {
  /** Base URL of the target, e.g. http://127.0.0.1:8080 */
  target: string;
  /** label -> key. Keys are sent as `x-api-key` and never written anywhere. */
  apiKeys: Record<string, string>;
  /** Per-request timeout (headers + body), ms. */
  timeoutMs?: number;
  /** Keep-alive connections per source address. */
  connections?: number;
  /** Receives every record as soon as it completes (trace writer, live progress). */
  onRecord?: (record: TraceRecord) => void;
}

/** A destination for records: the NDJSON file writer, an in-memory array, a progress counter. */
export interface TraceSink {
  write(record: TraceRecord): void;
  close(): Promise<void>;
}

export interface Stage {
  /** Arrival rate at the end of the stage, requests per second. */
  rate: number;
  durationMs: number;
}

export interface ScheduleStats {
  /** Requests the schedule asked for. */
  scheduled: number;
  sent: number;
  /** Sent later than the lateness budget after their intended time. */
  late: number;
  /** Not sent at all (in-flight cap reached or run stopped). */
  dropped: number;
  /** Send lateness (actual - intended), ms. */
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
  /** Achieved send rate over the run, requests per second. */
  achievedRate: number;
  durationMs: number;
}
