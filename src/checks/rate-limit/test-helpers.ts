/**
 * Hand-made traces for the rate-limit check tests: a policy fixture, a record builder, and a tiny
 * fixed-window server model with the sandbox's fault names, so each test can say "the exhaust probe
 * against a server with fault X" in a few lines. Test code only.
 */
import { emptyHeaders } from '../../engine/exchange';
import { partnerPolicy } from '../../limits/policy-for';
import { DEFAULT_429_BODY_SCHEMA } from '../../policy/defaults';
import type { PolicyProfile, RateLimitPolicy } from '../../policy/types';
import { formatHttpDate } from '../../ratelimit/http-date';
import type { RecordedHeaders, TraceRecord } from '../../trace/types';

/** The documented 429 body schema (kept under this name for the tests that import it). */
export const BODY_SCHEMA = DEFAULT_429_BODY_SCHEMA;

/** The Partner API policy from the defaults at 10 per minute; each test overrides what it judges. */
export function makePolicy(
  over: Partial<Omit<RateLimitPolicy, 'profile'>> & { profile?: Partial<PolicyProfile> } = {},
): RateLimitPolicy {
  const { profile, ...rest } = over;
  return { ...partnerPolicy(10, 60_000, profile), provenance: {}, ...rest };
}

/** One record with defaults for everything not given. */
export function makeRecord(
  over: Partial<Omit<TraceRecord, 'headers'>> & { headers?: Partial<RecordedHeaders> } = {},
): TraceRecord {
  const { headers, ...rest } = over;
  return {
    seq: 1,
    probe: 'exhaust',
    source: '127.0.0.10',
    operationId: 'getBalances',
    method: 'GET',
    pathTemplate: '/v1/balances',
    path: '/v1/balances',
    keyLabel: 'primary',
    intendedMs: 0,
    sentMs: 0,
    firstByteMs: 2,
    endMs: 2,
    sentAtEpochMs: T0,
    status: 200,
    bodySize: 0,
    ...rest,
    headers: { ...emptyHeaders(), ...headers },
  };
}

/** Local epoch ms every simulated run starts at (a whole second, as a server window might). */
export const T0 = Date.UTC(2026, 10, 29, 1, 0, 0);

export type SimFault =
  | 'admit-one-extra'
  | 'block-one-early'
  | 'no-headers-on-429'
  | 'no-headers-on-errors'
  | 'remaining-stuck'
  | 'remaining-negative'
  | 'reset-in-ms'
  | 'reset-as-delta'
  | 'reset-drifts'
  | 'no-retry-after'
  | 'retry-after-ms'
  | 'retry-after-short'
  | 'never-resets'
  | 'penalty-on-429'
  | 'racy-counter'
  | 'trust-xff'
  | 'per-key-buckets'
  | 'per-endpoint-buckets'
  | 'wrong-429-body'
  | 'limit-header-wrong'
  /** Sim only: requests without a valid key are not counted. */
  | 'auth-not-counted';

export interface SendOptions {
  source?: string | null;
  keyLabel?: string;
  operationId?: string;
  requestHeaders?: Record<string, string>;
  rttMs?: number;
}

interface Bucket {
  endMs: number;
  count: number;
}

/**
 * A fixed-window limiter (windows start at a bucket's first request) and a client clock in one:
 * `send` advances local time by the round trip, `wait` by the given ms. The server clock runs
 * `clockOffsetMs` ahead of the local one.
 */
export class SimTrace {
  readonly records: TraceRecord[] = [];
  readonly policy: RateLimitPolicy;
  private readonly faults: Set<SimFault>;
  private readonly buckets = new Map<string, Bucket>();
  private readonly offset: number;
  private localMs = T0;
  private seq = 0;

  constructor(opts: { policy?: RateLimitPolicy; faults?: SimFault[]; clockOffsetMs?: number } = {}) {
    this.policy = opts.policy ?? makePolicy();
    this.faults = new Set(opts.faults ?? []);
    this.offset = opts.clockOffsetMs ?? 0;
  }

  get now(): number {
    return this.localMs;
  }

  wait(ms: number): this {
    this.localMs += ms;
    return this;
  }

  send(probe: string, opts: SendOptions = {}): TraceRecord {
    const rtt = opts.rttMs ?? 2;
    const record = this.exchange(probe, opts, this.localMs, rtt, null);
    this.localMs += rtt;
    return record;
  }

  /** `n` requests in flight together; with racy-counter every one reads the count before any writes. */
  burst(probe: string, n: number, opts: SendOptions = {}): TraceRecord[] {
    const rtt = opts.rttMs ?? 20;
    const snapshot = this.faults.has('racy-counter')
      ? this.bucketFor(opts, this.localMs + this.offset).count
      : null;
    const out: TraceRecord[] = [];
    for (let i = 0; i < n; i++) out.push(this.exchange(probe, opts, this.localMs, rtt, snapshot));
    this.localMs += rtt;
    return out;
  }

  sendMany(probe: string, n: number, opts: SendOptions = {}): TraceRecord[] {
    const out: TraceRecord[] = [];
    for (let i = 0; i < n; i++) out.push(this.send(probe, opts));
    return out;
  }

  private bucketKey(opts: SendOptions): string {
    let ip = opts.source === undefined ? '127.0.0.10' : String(opts.source);
    const rh = opts.requestHeaders ?? {};
    if (this.faults.has('trust-xff')) ip = rh['X-Forwarded-For'] ?? rh['X-Real-IP'] ?? rh.Forwarded ?? ip;
    let key = ip;
    if (this.faults.has('per-key-buckets')) key += `|${opts.keyLabel ?? 'primary'}`;
    if (this.faults.has('per-endpoint-buckets')) key += `|${opts.operationId ?? 'getBalances'}`;
    return key;
  }

  private bucketFor(opts: SendOptions, serverMs: number): Bucket {
    const key = this.bucketKey(opts);
    let b = this.buckets.get(key);
    if (!b) {
      b = { endMs: serverMs + this.policy.windowMs, count: 0 };
      this.buckets.set(key, b);
    } else if (serverMs >= b.endMs) {
      // never-resets: a new window is advertised but the count carries over (as the sandbox does).
      b.endMs = serverMs + this.policy.windowMs;
      if (!this.faults.has('never-resets')) b.count = 0;
    }
    return b;
  }

  private exchange(
    probe: string,
    opts: SendOptions,
    sentLocal: number,
    rtt: number,
    racySnapshot: number | null,
  ): TraceRecord {
    const p = this.policy;
    const f = this.faults;
    const serverMs = sentLocal + rtt / 2 + this.offset;
    const bucket = this.bucketFor(opts, serverMs);
    const keyLabel = opts.keyLabel ?? 'primary';
    const authFail = keyLabel === 'wrong' || keyLabel === 'none';
    const cap = p.limit + (f.has('admit-one-extra') ? 1 : 0) - (f.has('block-one-early') ? 1 : 0);
    const seen = racySnapshot ?? bucket.count;
    const limited = seen >= cap;
    if (!(authFail && f.has('auth-not-counted'))) bucket.count++;
    if (limited && f.has('penalty-on-429')) bucket.endMs = serverMs + p.windowMs;
    const status = limited ? 429 : authFail ? 401 : 200;
    const remaining = f.has('remaining-stuck')
      ? p.limit - 1
      : f.has('remaining-negative')
        ? p.limit - bucket.count
        : Math.max(0, p.limit - bucket.count);
    const untilReset = Math.max(0, bucket.endMs - serverMs);
    let reset = String(Math.ceil(bucket.endMs / 1000));
    if (f.has('reset-in-ms')) reset = String(Math.round(bucket.endMs));
    if (f.has('reset-as-delta')) reset = String(Math.ceil(untilReset / 1000));
    if (f.has('reset-drifts')) reset = String(Math.ceil((serverMs + p.windowMs) / 1000));
    const dropHeaders =
      (status === 429 && f.has('no-headers-on-429')) ||
      (status !== 429 && status >= 400 && f.has('no-headers-on-errors'));
    const headers: RecordedHeaders = {
      ...emptyHeaders(),
      date: formatHttpDate(serverMs),
      contentType: 'application/json',
    };
    if (!dropHeaders) {
      headers.limit = String(f.has('limit-header-wrong') ? p.limit * 10 : p.limit);
      headers.remaining = String(remaining);
      headers.reset = reset;
    }
    let body: unknown;
    if (status === 429) {
      let retry = Math.ceil(untilReset / 1000);
      if (f.has('retry-after-short')) retry = Math.floor(retry / 2);
      headers.retryAfter = f.has('retry-after-ms') ? String(Math.ceil(untilReset)) : String(retry);
      if (f.has('no-retry-after')) headers.retryAfter = null;
      headers.cacheControl = 'no-store';
      body = f.has('wrong-429-body')
        ? { error: 'Too Many Requests' }
        : {
            error: 'Rate limit exceeded',
            message: 'slow down',
            retry_after: retry,
            limit: p.limit,
            window: p.tooManyRequests.windowText,
          };
    } else if (status === 401) {
      body = { error: 'unauthorized' };
    }
    const sentMs = sentLocal - T0;
    const record: TraceRecord = {
      seq: ++this.seq,
      probe,
      source: opts.source === undefined ? '127.0.0.10' : opts.source,
      operationId: opts.operationId ?? 'getBalances',
      method: 'GET',
      pathTemplate: '/v1/balances',
      path: '/v1/balances',
      keyLabel,
      ...(opts.requestHeaders ? { requestHeaders: opts.requestHeaders } : {}),
      intendedMs: sentMs,
      sentMs,
      firstByteMs: sentMs + rtt,
      endMs: sentMs + rtt,
      sentAtEpochMs: sentLocal,
      status,
      headers,
      bodySize: body === undefined ? 0 : JSON.stringify(body).length,
      ...(body === undefined ? {} : { body }),
    };
    this.records.push(record);
    return record;
  }
}

/** Local ms until the newest record's advertised Reset (epoch seconds), plus `extraMs`. */
export function untilReset(sim: SimTrace, extraMs = 0, offsetMs = 0): number {
  const last = sim.records[sim.records.length - 1];
  return Number(last.headers.reset) * 1000 - offsetMs - sim.now + extraMs;
}
