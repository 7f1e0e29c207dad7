import type { Dispatcher } from 'undici';
import type { RecordedHeaders, TraceRecord } from '../trace/types';
import { RECORDED_HEADER_NAMES } from '../trace/types';
import type { RunClock } from './clock';
import { errorCode } from './error-code';

type IncomingHeaders = Record<string, string | string[] | undefined>;

/** Bodies are buffered for parsing up to this size; beyond it only the size is counted. */
const MAX_BODY_BYTES = 256 * 1024;
/** Non-JSON body text kept in a record. */
const MAX_TEXT_CHARS = 4096;

const HEADER_KEYS = Object.entries(RECORDED_HEADER_NAMES) as Array<[keyof RecordedHeaders, string]>;

/**
 * The undici handler for one request: fills the record as the response arrives and settles exactly
 * once, with a record, whatever happens (network errors and timeouts become `error`, never throws).
 */
export class Exchange implements Dispatcher.DispatchHandler {
  private chunks: Buffer[] | null = null;
  private kept = 0;
  private settled = false;
  private controller: Dispatcher.DispatchController | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly record: TraceRecord,
    private readonly keepBody: boolean,
    private readonly clock: RunClock,
    private readonly done: (record: TraceRecord) => void,
  ) {}

  /**
   * undici's own header/body timeouts tick at ~1 s resolution; this timer makes `timeoutMs` an
   * accurate bound on the whole exchange, queueing for a connection included.
   */
  startTimer(timeoutMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      const error = Object.assign(new Error(`no complete response within ${timeoutMs} ms`), {
        code: 'ETIMEDOUT',
      });
      if (this.controller) this.controller.abort(error);
      else this.fail(error);
    }, timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // timed out while queued for a connection: the record is settled, do not send it late
    if (this.settled) controller.abort(new Error('request timed out before it was sent'));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHeaders,
  ): void {
    // 1xx interim responses are followed by the real one
    if (statusCode < 200 || this.settled) return;
    const r = this.record;
    r.firstByteMs = this.clock.nowMs();
    r.status = statusCode;
    const recorded = r.headers;
    for (const [key, name] of HEADER_KEYS) recorded[key] = joinHeader(headers[name]);
    if (this.keepBody) {
      const all: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers)) {
        const joined = joinHeader(value);
        if (joined !== null) all[name] = joined;
      }
      r.responseHeaders = all;
    }
    if (this.keepBody || statusCode >= 400) this.chunks = [];
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.record.bodySize += chunk.length;
    if (this.chunks !== null && this.kept < MAX_BODY_BYTES) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
    }
  }

  onResponseEnd(): void {
    if (this.settled) return;
    if (this.chunks !== null)
      attachBody(this.record, Buffer.concat(this.chunks), this.kept >= MAX_BODY_BYTES);
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  /** Also used when dispatch itself refuses the request (bad header value, closed engine). */
  fail(error: unknown): void {
    if (this.settled) return;
    const message = error instanceof Error ? error.message : String(error);
    this.record.error = { code: errorCode(error), message };
    this.finish();
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    this.record.endMs = this.clock.nowMs();
    this.done(this.record);
  }
}

/** Repeated headers arrive as arrays: joined with ", " exactly as RFC 9110 folds them. */
function joinHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function attachBody(record: TraceRecord, bytes: Buffer, clipped: boolean): void {
  if (bytes.length === 0) return;
  const text = bytes.toString('utf8');
  if (!clipped) {
    try {
      record.body = JSON.parse(text);
      return;
    } catch {
      // not JSON: keep the text so checks can show what arrived
    }
  }
  record.bodyText = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}

export function emptyHeaders(): RecordedHeaders {
  return {
    limit: null,
    remaining: null,
    reset: null,
    retryAfter: null,
    date: null,
    cacheControl: null,
    contentType: null,
  };
}
