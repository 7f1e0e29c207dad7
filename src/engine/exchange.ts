import type { RecordedHeaders, TraceRecord } from '../trace/types';
import type { RunClock } from './clock';
import type { Expirable } from './deadlines';
import { errorCode } from './error-code';
import type { Lane, LaneUser } from './lanes';
import { allHeaders, readRecordedHeaders } from './raw-headers';

/** Bodies are buffered for parsing up to this size; beyond it only the size is counted. */
const MAX_BODY_BYTES = 256 * 1024;
/** Non-JSON body text kept in a record. */
const MAX_TEXT_CHARS = 4096;

/**
 * The response handler of one request: fills the record as the response arrives and settles exactly
 * once, with a record, whatever happens (network errors and timeouts become `error`, never throws).
 * The callbacks are undici's raw handler form (see http1/types.ts). Only the recorded headers are
 * read from the raw pairs; the full header map is built for keepBody records alone.
 */
export class Exchange implements LaneUser, Expirable {
  settled = false;
  lane: Lane | null = null;
  /** Resolves the engine's promise for this request (set by the engine). */
  resolve: (record: TraceRecord) => void = noop;
  private chunks: Buffer[] | null = null;
  private kept = 0;
  private abort: ((error?: Error) => void) | null = null;

  constructor(
    private readonly record: TraceRecord,
    private readonly keepBody: boolean,
    private readonly clock: RunClock,
    readonly deadlineMs: number,
    private readonly timeoutMs: number,
    /** The engine's bookkeeping, shared by all exchanges; runs once, when the record is final. */
    private readonly done: (exchange: Exchange, record: TraceRecord) => void,
  ) {}

  /** The engine's deadline sweeper: the whole exchange, queueing for a connection included. */
  expire(): void {
    if (this.settled) return;
    const error = Object.assign(new Error(`no complete response within ${this.timeoutMs} ms`), {
      code: 'ETIMEDOUT',
    });
    // settle first, at the deadline, whatever the connection does with the abort afterwards
    this.fail(error);
    this.abort?.(error);
  }

  onConnect(abort: (error?: Error) => void): void {
    // timed out while queued for a connection: the record is settled, do not send it late
    if (this.settled) abort(new Error('request timed out before it was sent'));
    else this.abort = abort;
  }

  onHeaders(
    statusCode: number,
    headers: Array<Buffer | string>,
    _resume: () => void,
    _statusText: string,
  ): boolean {
    // (1xx interim responses never reach here: the connection skips them)
    if (this.settled) return true;
    const r = this.record;
    r.firstByteMs = this.clock.nowMs();
    r.status = statusCode;
    readRecordedHeaders(headers, r.headers);
    if (this.keepBody) r.responseHeaders = allHeaders(headers);
    if (this.keepBody || statusCode >= 400) this.chunks = [];
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    this.record.bodySize += chunk.length;
    if (this.chunks !== null && this.kept < MAX_BODY_BYTES) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
    }
    return true;
  }

  onComplete(_trailers: string[] | null): void {
    if (this.settled) return;
    if (this.chunks !== null)
      attachBody(this.record, Buffer.concat(this.chunks), this.kept >= MAX_BODY_BYTES);
    this.finish();
  }

  onError(error: Error): void {
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
    this.settled = true;
    this.chunks = null;
    this.record.endMs = this.clock.nowMs();
    this.done(this, this.record);
  }
}

function noop(): void {}

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
