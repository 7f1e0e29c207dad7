import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { DEFAULT_HEADERS as HEADER } from '../../policy/defaults';
import type { FaultHooks, ResponseDraft } from '../faults/types';
import type { LimitDecision } from '../limiter';
import { rateHeaderValues } from './rate-headers';

export const JSON_TYPE = 'application/json';

export interface RateContext {
  decision: LimitDecision;
  windowMs: number;
  hook: FaultHooks['rateHeaders'];
}

let dateSecond = -1;
let dateText = '';

/**
 * The `Date` header from the same clock the limiter used, so Reset - Date is exact (Node's own
 * Date header is cached and may lag a second behind under load). Cached per second: it is cheap.
 */
export function httpDate(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

/** Writes a draft with the rate-limit headers (after any fault has bent them) and a JSON body. */
export function writeResponse(
  res: ServerResponse,
  d: ResponseDraft,
  nowMs: number,
  rate: RateContext | undefined,
): void {
  const headers: OutgoingHttpHeaders = d.headers;
  headers.Date = httpDate(nowMs);
  if (rate) {
    const { decision } = rate;
    const values = rateHeaderValues(decision, nowMs);
    rate.hook?.(values, { status: d.status, decision, nowMs, windowMs: rate.windowMs });
    if (values.limit !== undefined) headers[HEADER.limit] = values.limit;
    if (values.remaining !== undefined) headers[HEADER.remaining] = values.remaining;
    if (values.reset !== undefined) headers[HEADER.reset] = values.reset;
    if (d.status === 429) {
      if (values.retryAfter !== undefined) headers[HEADER.retryAfter] = values.retryAfter;
      syncRetryAfterBody(d.body, values.retryAfter);
    }
  }
  const text = d.body === undefined ? '' : JSON.stringify(d.body);
  if (d.body !== undefined) headers['Content-Type'] = d.contentType;
  headers['Content-Length'] = Buffer.byteLength(text);
  res.writeHead(d.status, headers);
  res.end(text);
}

/** The 429 body says what the header says, whatever a fault made of the header. */
function syncRetryAfterBody(body: unknown, header: string | undefined): void {
  if (header === undefined || typeof body !== 'object' || body === null || !('retry_after' in body)) return;
  const n = Number(header);
  if (Number.isInteger(n)) (body as { retry_after: number }).retry_after = n;
}
