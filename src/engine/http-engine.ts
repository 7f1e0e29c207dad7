import { PacerError, usageError } from '../errors';
import type { TraceRecord } from '../trace/types';
import { createRunClock, type RunClock } from './clock';
import { DeadlineQueue } from './deadlines';
import { Exchange, emptyHeaders } from './exchange';
import { Http1Connection } from './http1/connection';
import { type Lane, Lanes } from './lanes';
import type { EngineOptions, RequestSpec } from './types';

export interface HttpEngineOptions extends EngineOptions {
  /** Share a clock with other parts of the run (default: a new one). */
  clock?: RunClock;
}

export interface HttpEngine {
  /** Sends one request; always resolves with its record (errors and timeouts are in `error`). */
  send(spec: RequestSpec, intendedMs?: number): Promise<TraceRecord>;
  /** Waits for requests in flight, then closes every connection. */
  close(): Promise<void>;
  readonly clock: RunClock;
  /** Requests sent and not yet settled. */
  readonly inFlight: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const SECRET_HEADERS = new Set(['x-api-key', 'authorization']);

export function createHttpEngine(opts: HttpEngineOptions): HttpEngine {
  const { origin, basePath } = parseTarget(opts.target);
  const timeoutMs = positive(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const connections = Math.floor(positive(opts.connections ?? 16, 'connections'));
  const clock = opts.clock ?? createRunClock();
  const openConnection = (source: string | null): Lane =>
    new Http1Connection({
      origin,
      ...(source ? { localAddress: source } : {}),
      connectTimeoutMs: timeoutMs,
      keepAliveTimeoutMs: 30_000,
    });
  const routes = new Map<string, Lanes>();
  const deadlines = new DeadlineQueue<Exchange>(clock.nowMs);
  // the common request (no extra headers, no body) reuses one header array per key label
  const keyHeaders = new Map<string, string[]>();
  for (const label of Object.keys(opts.apiKeys))
    if (label !== 'none') keyHeaders.set(label, ['x-api-key', opts.apiKeys[label]]);
  const noHeaders: string[] = [];
  let seq = 0;
  let inFlight = 0;
  let closing = false;

  const routeFor = (source: string | null): Lanes => {
    const key = source ?? '';
    let route = routes.get(key);
    if (!route) {
      route = new Lanes(() => openConnection(source), connections);
      routes.set(key, route);
    }
    return route;
  };

  const settle = (exchange: Exchange, record: TraceRecord): void => {
    inFlight -= 1;
    if (exchange.lane !== null) routes.get(record.source ?? '')?.release(exchange.lane);
    deadlines.settled();
    opts.onRecord?.(record);
    exchange.resolve(record);
  };

  const send = (spec: RequestSpec, intendedMs?: number): Promise<TraceRecord> => {
    if (spec.keyLabel !== 'none' && !Object.hasOwn(opts.apiKeys, spec.keyLabel)) {
      // a configuration bug, not a finding: the record would claim a credential that was never sent
      return Promise.reject(
        new PacerError('PACER_ERR_CONFIG_INVALID', `no API key configured for key label "${spec.keyLabel}"`, {
          option: 'apiKeys',
        }),
      );
    }
    const sentMs = clock.nowMs();
    const source = spec.source ?? null;
    const record: TraceRecord = {
      seq: ++seq,
      probe: spec.probe,
      source,
      operationId: spec.operationId,
      method: spec.method.toUpperCase(),
      pathTemplate: spec.pathTemplate,
      path: spec.path,
      keyLabel: spec.keyLabel,
      intendedMs: intendedMs ?? sentMs,
      sentMs,
      firstByteMs: null,
      endMs: null,
      sentAtEpochMs: clock.epochAt(sentMs),
      status: null,
      headers: emptyHeaders(),
      bodySize: 0,
    };
    if (spec.headers !== undefined && hasKeys(spec.headers))
      record.requestHeaders = publicHeaders(spec.headers);
    if (spec.body !== undefined) record.requestBody = spec.body;
    else if (spec.bodyText !== undefined) record.requestBodyText = spec.bodyText;
    if (spec.case) record.case = spec.case;

    inFlight += 1;
    const exchange = new Exchange(
      record,
      spec.keepBody === true,
      clock,
      sentMs + timeoutMs,
      timeoutMs,
      settle,
    );
    const settled = new Promise<TraceRecord>((resolve) => {
      exchange.resolve = resolve;
    });
    if (closing) {
      exchange.fail(Object.assign(new Error('engine closed'), { code: 'aborted' }));
      return settled;
    }
    deadlines.add(exchange);
    try {
      routeFor(source).send(
        {
          path: basePath + spec.path,
          method: record.method,
          headers:
            spec.headers === undefined && spec.body === undefined && spec.bodyText === undefined
              ? (keyHeaders.get(spec.keyLabel) ?? noHeaders)
              : requestHeaders(spec, opts.apiKeys),
          body: requestBody(spec),
        },
        exchange,
      );
    } catch (error) {
      exchange.fail(error);
    }
    return settled;
  };

  return {
    send,
    clock,
    get inFlight() {
      return inFlight;
    },
    async close() {
      closing = true;
      await Promise.all([...routes.values()].map((r) => r.close()));
      routes.clear();
      deadlines.clear();
    },
  };
}

/** Header pairs in the connection's flat array form (`[name, value, ...]`). */
function requestHeaders(spec: RequestSpec, apiKeys: Record<string, string>): string[] {
  const headers: string[] = [];
  const key = spec.keyLabel === 'none' ? undefined : apiKeys[spec.keyLabel];
  const extra = spec.headers;
  if (extra !== undefined) {
    for (const name in extra) {
      // the configured credential wins over a stray one in the extra headers (never sent twice)
      if (key !== undefined && name.toLowerCase() === 'x-api-key') continue;
      headers.push(name, extra[name]);
    }
  }
  if (key !== undefined) headers.push('x-api-key', key);
  if (spec.body !== undefined) headers.push('content-type', spec.contentType ?? 'application/json');
  else if (spec.bodyText !== undefined && spec.contentType) headers.push('content-type', spec.contentType);
  return headers;
}

function requestBody(spec: RequestSpec): string | null {
  if (spec.body !== undefined) return JSON.stringify(spec.body);
  return spec.bodyText ?? null;
}

/** Headers as recorded: whatever the caller added, minus anything that could carry a credential. */
function publicHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers)
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : headers[name];
  return out;
}

function hasKeys(headers: Record<string, string>): boolean {
  for (const _ in headers) return true;
  return false;
}

/** Origin plus any base path of the target (`http://h/api` sends `/api/v1/...`). */
function parseTarget(target: string): { origin: string; basePath: string } {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw usageError(`target is not a valid URL: ${JSON.stringify(target)}`, 'target');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`target must be http(s): ${JSON.stringify(target)}`, 'target');
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

function positive(value: number, option: string): number {
  if (!Number.isFinite(value) || value <= 0) throw usageError(`${option} must be a positive number`, option);
  return value;
}
