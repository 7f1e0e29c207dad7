/**
 * Budget-aware pacing per source address. The runner spends at most `share` of the advertised
 * quota in any window of any source, read from X-RateLimit-Limit/Remaining/Reset; when a source's
 * share is spent it moves to another source or waits for the reset. A 429 blocks the source for
 * Retry-After (or an exponential backoff, whichever is longer) plus jitter.
 */
export interface PacingOptions {
  /** Share of the quota one source may spend per window (0 < share <= 1). */
  share: number;
  /** Quota assumed until (or unless) the target advertises one. */
  fallbackLimit: number;
  fallbackWindowMs: number;
  /** Added to every computed reset wait (clock granularity). */
  marginMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface RateHeaders {
  limit: string | null;
  remaining: string | null;
  reset: string | null;
  retryAfter: string | null;
  date: string | null;
}

interface SourceState {
  source: string | null;
  limit: number;
  /** Requests this run sent in the current window. */
  spent: number;
  /** Server's view: limit - remaining after our last response (includes other clients). */
  used: number;
  /** Raw Reset of the current window (a change = a new window). */
  windowKey: string | null;
  /** Local epoch ms when the window ends. */
  resetAtMs: number;
  blockedUntilMs: number;
  windows: number;
  /** After our reset estimate passed: one request may test whether the window really rolled. */
  probe: boolean;
}

export type Grant = { kind: 'send'; source: string | null } | { kind: 'wait'; ms: number; reason: string };

export class Pacer {
  private readonly states: SourceState[];
  private readonly opts: Required<PacingOptions>;
  private cursor = 0;

  constructor(sources: ReadonlyArray<string | null>, options: PacingOptions) {
    if (!(options.share > 0 && options.share <= 1)) throw new Error('budget share must be in (0, 1]');
    this.opts = {
      marginMs: 150,
      baseBackoffMs: 1000,
      maxBackoffMs: 120_000,
      now: Date.now,
      random: Math.random,
      ...options,
    };
    const now = this.opts.now();
    this.states = (sources.length > 0 ? sources : [null]).map((source) => ({
      source,
      limit: options.fallbackLimit,
      spent: 0,
      used: 0,
      windowKey: null,
      resetAtMs: now + options.fallbackWindowMs,
      blockedUntilMs: 0,
      windows: 1,
      probe: false,
    }));
  }

  budget(limit: number): number {
    return Math.max(1, Math.floor(limit * this.opts.share));
  }

  /** Either a source to send from now (its spend is counted) or how long to wait. */
  acquire(): Grant {
    const now = this.opts.now();
    let soonest = Number.POSITIVE_INFINITY;
    let reason = 'budget share spent';
    for (let i = 0; i < this.states.length; i++) {
      const s = this.states[(this.cursor + i) % this.states.length];
      if (now >= s.resetAtMs && s.spent > 0) this.roll(s, now);
      if (now < s.blockedUntilMs) {
        soonest = Math.min(soonest, s.blockedUntilMs - now);
        reason = 'Retry-After after a 429';
        continue;
      }
      const budget = this.budget(s.limit);
      if (s.spent < budget && (s.used < budget || s.probe)) {
        s.spent++;
        s.probe = false;
        this.cursor = (this.states.indexOf(s) + 1) % this.states.length;
        return { kind: 'send', source: s.source };
      }
      soonest = Math.min(soonest, Math.max(0, s.resetAtMs - now) + this.opts.marginMs);
    }
    return { kind: 'wait', ms: Math.max(1, Math.ceil(soonest)), reason };
  }

  /** Learns limit, remaining and reset from a response of `source`. */
  observe(source: string | null, headers: RateHeaders, receivedAtMs = this.opts.now()): void {
    const s = this.stateOf(source);
    const limit = int(headers.limit);
    const remaining = int(headers.remaining);
    if (limit !== undefined && limit > 0) s.limit = limit;
    if (headers.reset !== null && headers.reset !== s.windowKey) {
      if (s.windowKey !== null) {
        // The server started a new window since our last response: only this request counts in it.
        s.windows++;
        s.spent = 1;
      }
      s.windowKey = headers.reset;
      const at = resetToLocalMs(headers.reset, headers.date, receivedAtMs);
      if (at !== undefined) s.resetAtMs = Math.max(at, receivedAtMs + this.opts.marginMs);
    }
    if (remaining !== undefined) s.used = Math.max(0, s.limit - remaining);
  }

  /** A 429: block the source for max(Retry-After, backoff) with jitter; returns that wait. */
  onTooMany(
    source: string | null,
    headers: RateHeaders,
    attempt: number,
    receivedAtMs = this.opts.now(),
  ): number {
    const s = this.stateOf(source);
    const retryAfter = retryAfterMs(headers.retryAfter, headers.date, receivedAtMs) ?? 0;
    const backoff = Math.min(this.opts.maxBackoffMs, this.opts.baseBackoffMs * 2 ** attempt);
    const wait = Math.ceil(Math.max(retryAfter, backoff) * (1 + 0.2 * this.opts.random()));
    s.blockedUntilMs = receivedAtMs + wait;
    s.spent = this.budget(s.limit);
    return wait;
  }

  windowsBySource(): Record<string, number> {
    return Object.fromEntries(this.states.map((s) => [s.source ?? 'default', s.windows]));
  }

  /**
   * Our estimate of the reset has passed. Without advertised headers the next window simply
   * follows; with them, one probe request is allowed and its Reset says whether the server agrees
   * (if not, the next probe waits a second, so a Reset that never moves costs at most 1 req/s).
   */
  private roll(s: SourceState, now: number): void {
    s.spent = 0;
    if (s.windowKey === null) {
      s.windows++;
      s.used = 0;
      s.resetAtMs = now + this.opts.fallbackWindowMs;
    } else {
      s.probe = true;
      s.resetAtMs = now + 1000;
    }
  }

  private stateOf(source: string | null): SourceState {
    return this.states.find((x) => x.source === source) ?? this.states[0];
  }
}

function int(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Reset is epoch seconds by contract; tolerate milliseconds and deltas so a misbehaving target is
 * paced safely. The server clock is mapped to ours through its Date header (second resolution, so
 * the wait errs long by under a second, never short).
 */
export function resetToLocalMs(reset: string, date: string | null, receivedAtMs: number): number | undefined {
  const value = int(reset);
  if (value === undefined) return undefined;
  const serverNow = date ? Date.parse(date) : Number.NaN;
  const offset = Number.isFinite(serverNow) ? receivedAtMs - serverNow : 0;
  if (value > 1e11) return value + offset;
  if (value > 1e9) return value * 1000 + offset;
  return receivedAtMs + value * 1000;
}

export function retryAfterMs(
  value: string | null,
  date: string | null,
  receivedAtMs: number,
): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  const serverNow = date ? Date.parse(date) : Number.NaN;
  return Math.max(0, at - (Number.isFinite(serverNow) ? serverNow : receivedAtMs));
}
