import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Contract, OperationSpec } from '../../contract/types';
import type { ResponseDraft } from '../faults/types';
import type { BusinessLogic } from '../handler-types';
import { FixedWindowLimiter, type LimitDecision } from '../limiter';
import type { ResolvedOptions } from '../options';
import { seededRandom } from '../random';
import { ServiceQueue } from '../service';
import type { SandboxTruth } from '../types';
import { clientIp } from './client-ip';
import { retryAfterSeconds, tooManyRequestsBody } from './rate-headers';
import { MAX_BODY_BYTES, readBody } from './read-body';
import { firstValues, validateRequest } from './request-validation';
import {
  accessDenied,
  methodNotAllowed,
  notFound,
  serverError,
  TRUTH_PATH,
  tooLarge,
  validationError,
} from './responses';
import { JSON_TYPE, writeResponse } from './send';
import { serveTruth } from './truth-endpoint';

const RACY_STORE_MS = 5;

export interface SandboxHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  truth(ip?: string): SandboxTruth;
}

export interface HandlerDeps {
  contract: Contract;
  logic: BusinessLogic;
  options: ResolvedOptions;
  /** Wall clock, epoch ms (injectable for tests). */
  now?: () => number;
}

/**
 * The sandbox's HTTP pipeline: truth endpoint, route, limiter (synchronously, before any await),
 * 429 / 404 / 405, auth, server-error fault, body + validation, service time, business logic,
 * contract faults, headers. Every response except the truth endpoint carries the rate-limit headers.
 */
export function createHandler(deps: HandlerDeps): SandboxHandler {
  const { contract, logic, options } = deps;
  const now = deps.now ?? Date.now;
  const hooks = options.hooks;
  const limiter =
    options.limit > 0
      ? new FixedWindowLimiter({ limit: options.limit, windowMs: options.windowMs, behaviour: hooks.limiter })
      : undefined;
  const service = new ServiceQueue(options.concurrency, options.latency, seededRandom(options.seed ^ 0x5eed));
  const faultRandom = seededRandom(options.seed);

  function send(
    res: ServerResponse,
    decision: LimitDecision | undefined,
    nowMs: number,
    d: ResponseDraft,
  ): void {
    writeResponse(
      res,
      d,
      nowMs,
      decision ? { decision, windowMs: options.windowMs, hook: hooks.rateHeaders } : undefined,
    );
  }

  function tooMany(res: ServerResponse, decision: LimitDecision, nowMs: number): void {
    const body = tooManyRequestsBody(decision.limit, options.windowMs, retryAfterSeconds(decision, nowMs));
    send(res, decision, nowMs, {
      status: 429,
      body: hooks.tooManyBody ? hooks.tooManyBody({ ...body }) : body,
      contentType: JSON_TYPE,
      headers: tooManyHeaders(),
    });
  }

  function tooManyHeaders(): Record<string, string> {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    hooks.tooManyHeaders?.(headers);
    return headers;
  }

  function truth(ip?: string): SandboxTruth {
    if (!limiter) return { windows: [], trackedIps: 0, totalAdmitted: 0, totalRejected: 0 };
    limiter.sweep(now());
    const s = limiter.stats(ip);
    return {
      windows: s.windows,
      trackedIps: s.tracked,
      totalAdmitted: s.totalAdmitted,
      totalRejected: s.totalRejected,
    };
  }

  /** The `Access Denied` code for a request without a valid key (xo1 missing, xo2 wrong), or undefined. */
  function authFailure(op: OperationSpec, apiKey: string | undefined): 'xo1' | 'xo2' | undefined {
    if (!op.requiresApiKey) return undefined;
    return !apiKey ? 'xo1' : options.apiKeys.has(apiKey) ? undefined : 'xo2';
  }

  async function racyHit(bucket: string, ip: string): Promise<LimitDecision> {
    const l = limiter as FixedWindowLimiter;
    const seen = l.peek(bucket, ip, now());
    // A round trip to a shared store (Redis GET ... SET) is where real counters lose updates.
    await delay(RACY_STORE_MS);
    return l.hit(bucket, ip, now(), seen);
  }

  async function serveOperation(
    req: IncomingMessage,
    res: ServerResponse,
    decision: LimitDecision | undefined,
    op: OperationSpec,
    params: Record<string, string>,
    search: string,
  ): Promise<void> {
    const faultCtx = { contract, operation: op, random: faultRandom };
    const reply = (d: ResponseDraft): void => {
      hooks.operationResponse?.(d, faultCtx);
      send(res, decision, now(), d);
    };
    let rawBody: Buffer | undefined;
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
      rawBody = await readBody(req);
      if (rawBody === undefined) {
        send(res, decision, now(), {
          status: 400,
          body: tooLarge(MAX_BODY_BYTES),
          contentType: JSON_TYPE,
          headers: {},
        });
        return;
      }
    }
    const query = firstValues(search);
    const checked = validateRequest(contract, op, params, query, req.headers, rawBody);
    if (!checked.ok) {
      reply({ status: 400, body: validationError(checked.message), contentType: JSON_TYPE, headers: {} });
      return;
    }
    const serve = (): void => {
      let draft: ResponseDraft;
      try {
        const out = logic.handle({
          operationId: op.operationId,
          params,
          query,
          body: checked.body,
          nowMs: now(),
        });
        draft = { status: out.status, body: out.body, contentType: JSON_TYPE, headers: { ...out.headers } };
      } catch {
        draft = { status: 500, body: serverError(), contentType: JSON_TYPE, headers: {} };
      }
      reply(draft);
    };
    if (service.active) await service.run(serve);
    else serve();
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const search = q < 0 ? '' : url.slice(q + 1);
    if (pathname === TRUTH_PATH) return serveTruth(req, res, search, truth);

    const method = req.method ?? 'GET';
    const nowMs = now();
    const match = contract.match(method, pathname);
    const rawKey = req.headers['x-api-key'];
    const apiKey = Array.isArray(rawKey) ? rawKey[0] : rawKey;

    let decision: LimitDecision | undefined;
    if (limiter) {
      const ip = hooks.clientIp
        ? hooks.clientIp(req.socket.remoteAddress, req.headers)
        : clientIp(req.socket.remoteAddress, req.headers, options.trustProxy);
      const bucket = hooks.bucket
        ? hooks.bucket(ip, {
            apiKey,
            route: match.kind === 'operation' ? match.operation.operationId : `${method} ${pathname}`,
          })
        : ip;
      if (hooks.uncountedAuthFailures && match.kind === 'operation' && authFailure(match.operation, apiKey)) {
        // Auth answered in front of the limiter: not counted, but the current headers go out.
        decision = limiter.inspect(bucket, nowMs);
      } else {
        // Counted before anything awaits, so concurrent requests cannot interleave (unless the fault asks).
        decision = hooks.racyCounter ? await racyHit(bucket, ip) : limiter.hit(bucket, ip, nowMs);
        if (!decision.admitted) return tooMany(res, decision, now());
      }
    }

    if (match.kind === 'not-found') {
      return send(res, decision, nowMs, {
        status: 404,
        body: notFound(method, pathname),
        contentType: JSON_TYPE,
        headers: {},
      });
    }
    if (match.kind === 'method-not-allowed') {
      const allow = match.allowed.map((m) => m.toUpperCase());
      return send(res, decision, nowMs, {
        status: 405,
        body: methodNotAllowed(method, pathname, allow),
        contentType: JSON_TYPE,
        headers: { Allow: allow.join(', ') },
      });
    }
    const op = match.operation;
    const denied = authFailure(op, apiKey);
    if (denied) {
      return send(res, decision, nowMs, {
        status: 401,
        body: accessDenied(denied),
        contentType: JSON_TYPE,
        headers: {},
      });
    }
    if (hooks.serverError?.(faultRandom)) {
      return send(res, decision, nowMs, {
        status: 500,
        body: serverError(),
        contentType: JSON_TYPE,
        headers: {},
      });
    }
    return serveOperation(req, res, decision, op, match.params, search);
  }

  return {
    handle(req, res) {
      route(req, res).catch(() => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': JSON_TYPE });
          res.end(JSON.stringify(serverError()));
        } else res.destroy();
      });
    },
    truth,
  };
}
