/**
 * Sends requests and records each exchange twice: as per-response checks and as one `pacer_trace`
 * Counter sample whose tags carry the trace record (see src/k6/trace-tags.ts), so
 * `k6 run --out json=FILE` holds a full trace for `pacer analyze`.
 */
import exec from 'k6/execution';
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { Counter } from 'k6/metrics';
import type { K6Operation } from '../../src/k6/bundle-config';
import { BODY_TAG_MAX, encodeTraceTags, TRACE_METRIC } from '../../src/k6/trace-tags';
import { type ResponseView, recordedHeadersFrom } from '../../src/ratelimit/response-checks';
import type { RecordedHeaders } from '../../src/trace/types';
import { checkResponse } from './checks';
import { config } from './config';

// A 429 is an expected answer in these scenarios, not a failed request (k6 counts 200-399 only).
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 399 }, 429));

const trace = new Counter(TRACE_METRIC);

let sentByThisVu = 0;

export interface SendSpec {
  probe: string;
  operation?: K6Operation;
  /** Extra request headers (e.g. spoofed X-Forwarded-For); recorded in the trace. */
  headers?: Record<string, string>;
  /** When the schedule wanted this request (open model); defaults to the send time. */
  intendedEpochMs?: number;
  /** Set false to skip the trace sample (sampling in long capacity runs); checks still run. */
  traced?: boolean;
}

export interface Exchange {
  status: number | null;
  headers: RecordedHeaders;
  view: ResponseView;
  sentEpochMs: number;
  /** Local epoch ms the response ended (send time when it failed). */
  receivedEpochMs: number;
}

type Response = RefinedResponse<ResponseType | undefined>;

function requestParams(spec: SendSpec, op: K6Operation) {
  const headers: Record<string, string> = { ...(spec.headers || {}) };
  if (config.apiKey !== null) headers['x-api-key'] = config.apiKey;
  // `name` groups the built-in http_req_* series by template, not by every query string.
  return { headers, tags: { name: op.pathTemplate, probe: spec.probe }, responseType: 'text' as const };
}

const urlOf = (op: K6Operation): string => `${config.target}${op.path}`;

function bodyOf(res: Response, status: number | null): { body?: unknown; bodyText?: string } {
  // Only refusals and errors are kept: they are what the checks read, and they are small.
  if (status === null || status < 400 || typeof res.body !== 'string' || res.body === '') return {};
  try {
    return { body: JSON.parse(res.body) as unknown, bodyText: res.body.slice(0, BODY_TAG_MAX) };
  } catch {
    return { bodyText: res.body.slice(0, BODY_TAG_MAX) };
  }
}

function record(res: Response, spec: SendSpec, op: K6Operation, sentEpochMs: number): Exchange {
  const status = res.status === 0 ? null : res.status;
  const headers = recordedHeadersFrom(res.headers, config.policy.headers);
  const kept = bodyOf(res, status);
  const view: ResponseView = {
    status,
    headers,
    body: kept.body,
    bodyText: kept.body === undefined ? kept.bodyText : undefined,
  };
  checkResponse(view, { probe: spec.probe });
  const t = res.timings;
  const firstByte =
    status === null
      ? null
      : sentEpochMs + t.blocked + t.connecting + t.tls_handshaking + t.sending + t.waiting;
  const end = firstByte === null ? null : firstByte + t.receiving;
  sentByThisVu += 1;
  if (spec.traced !== false) {
    trace.add(
      1,
      encodeTraceTags({
        probe: spec.probe,
        vu: exec.vu.idInTest,
        n: sentByThisVu,
        source: config.source,
        keyLabel: config.keyLabel,
        method: op.method,
        pathTemplate: op.pathTemplate,
        path: op.path,
        operationId: op.operationId,
        intendedEpochMs: spec.intendedEpochMs === undefined ? sentEpochMs : spec.intendedEpochMs,
        sentEpochMs,
        firstByteEpochMs: firstByte,
        endEpochMs: end,
        status,
        headers,
        bodySize: typeof res.body === 'string' ? res.body.length : 0,
        bodyText: kept.bodyText,
        requestHeaders: spec.headers,
        error: status === null ? { code: String(res.error_code), message: res.error } : undefined,
      }),
    );
  }
  return { status, headers, view, sentEpochMs, receivedEpochMs: end === null ? Date.now() : end };
}

/** One request, synchronously (the VU waits for the response). */
export function send(spec: SendSpec): Exchange {
  const op = spec.operation || config.operation;
  const sent = Date.now();
  const res = http.request(op.method, urlOf(op), null, requestParams(spec, op));
  return record(res, spec, op, sent);
}

/** Many requests released together from one VU (`http.batch`; options.batchPerHost must allow them). */
export function sendBatch(specs: readonly SendSpec[]): Exchange[] {
  const ops = specs.map((s) => s.operation || config.operation);
  const sent = Date.now();
  const responses = http.batch(
    specs.map((s, i) => ({ method: ops[i].method, url: urlOf(ops[i]), params: requestParams(s, ops[i]) })),
  );
  return responses.map((res, i) => record(res, specs[i], ops[i], sent));
}

/** Intended start of this arrival-rate iteration: scenario start + iteration index x interval. */
export function arrivalIntendedMs(intervalMs: number): number {
  return exec.scenario.startTime + exec.scenario.iterationInTest * intervalMs;
}
