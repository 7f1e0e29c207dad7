import type { WindowTruth } from './types';

/**
 * The sandbox's fixed-window rate limiter, pure: no timers, no I/O, the clock is passed in on every
 * call. Window boundaries are chosen so that the advertised `X-RateLimit-Reset` (epoch seconds) is
 * honest: a window starts at the whole second of its first request and ends at a whole second
 * (start + window, rounded up), so admission flips exactly at the advertised Reset second and
 * `Reset - Date` never exceeds one window.
 */
export interface LimiterBehaviour {
  /** Added to the limit for admission only (fault `admit-one-extra`: +1, `block-one-early`: -1). */
  admissionSkew: number;
  /** Counts never restart (fault `never-resets`): a new window keeps the old count. */
  neverResets: boolean;
  /** Every request made while limited pushes the window end a full window out (fault `penalty-on-429`). */
  penaltyOn429: boolean;
  /**
   * Besides the window limit, at most `floor(limit / 5)` (at least 1) admissions in any trailing
   * quarter of the window (fault `throttle-early`): a burst cap at 80 % of the rate, so a client
   * sending evenly at 95 % of the limit is throttled although no window ever holds the limit.
   */
  throttleEarly: boolean;
}

export interface LimiterOptions {
  limit: number;
  windowMs: number;
  behaviour?: Partial<LimiterBehaviour>;
  /** Closed windows kept for `truth()` (oldest dropped first). */
  maxClosedWindows?: number;
}

export interface LimitDecision {
  admitted: boolean;
  limit: number;
  /** Requests counted in this window, this one included. */
  count: number;
  /** Limit - count; negative once the window is over-spent (clamped by the header layer). */
  remaining: number;
  windowStartMs: number;
  /** Window end, epoch ms, always a whole second. */
  resetMs: number;
}

interface WindowState {
  bucket: string;
  ip: string;
  startMs: number;
  endMs: number;
  count: number;
  admitted: number;
  rejected: number;
}

export interface LimiterStats {
  windows: WindowTruth[];
  tracked: number;
  totalAdmitted: number;
  totalRejected: number;
}

const SECOND = 1000;
const floorSecond = (ms: number): number => Math.floor(ms / SECOND) * SECOND;
const ceilSecond = (ms: number): number => Math.ceil(ms / SECOND) * SECOND;

export class FixedWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly behaviour: LimiterBehaviour;
  private readonly maxClosed: number;
  /**
   * Insertion order is window-start order (a renewed window is deleted and re-inserted), so
   * expired windows gather at the front and the sweep stops at the first live one.
   */
  private readonly windows = new Map<string, WindowState>();
  private readonly closed: WindowState[] = [];
  private closedHead = 0;
  /** Admission times per bucket within the last quarter window (fault `throttle-early` only). */
  private readonly recent = new Map<string, number[]>();
  private totalAdmitted = 0;
  private totalRejected = 0;

  constructor(options: LimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${options.limit}`);
    }
    if (!Number.isFinite(options.windowMs) || options.windowMs < 1) {
      throw new RangeError(`windowMs must be positive, got ${options.windowMs}`);
    }
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.behaviour = {
      admissionSkew: 0,
      neverResets: false,
      penaltyOn429: false,
      throttleEarly: false,
      ...options.behaviour,
    };
    this.maxClosed = options.maxClosedWindows ?? 10_000;
  }

  /**
   * Counts one request for `bucket` at `nowMs` and decides it. Synchronous on purpose: in Node the
   * read-modify-write cannot interleave with another request, which is what makes it atomic.
   * `observedCount` replays a stale read (fault `racy-counter`): the count is overwritten with
   * `observedCount + 1` instead of incremented, losing concurrent updates.
   */
  hit(bucket: string, ip: string, nowMs: number, observedCount?: number): LimitDecision {
    this.sweep(nowMs);
    const w = this.current(bucket, ip, nowMs);
    const before = observedCount ?? w.count;
    w.count = before + 1;
    let admitted = before < this.limit + this.behaviour.admissionSkew;
    if (admitted && this.behaviour.throttleEarly) admitted = this.underBurstCap(bucket, nowMs);
    if (admitted) {
      w.admitted++;
      this.totalAdmitted++;
    } else {
      w.rejected++;
      this.totalRejected++;
      if (this.behaviour.penaltyOn429) this.extend(w, nowMs);
    }
    return {
      admitted,
      limit: this.limit,
      count: w.count,
      remaining: this.limit - w.count,
      windowStartMs: w.startMs,
      resetMs: w.endMs,
    };
  }

  /**
   * The decision a request arriving now would get, without counting it or opening a window (the
   * headers of an answer the limiter does not count, fault `auth-not-counted`).
   */
  inspect(bucket: string, nowMs: number): LimitDecision {
    this.sweep(nowMs);
    const w = this.windows.get(bucket);
    const live = w !== undefined && w.endMs > nowMs ? w : undefined;
    const carried = w !== undefined && this.behaviour.neverResets ? w.count : 0;
    const count = live?.count ?? carried;
    const startMs = live?.startMs ?? floorSecond(nowMs);
    return {
      admitted: count < this.limit + this.behaviour.admissionSkew,
      limit: this.limit,
      count,
      remaining: this.limit - count,
      windowStartMs: startMs,
      resetMs: live?.endMs ?? ceilSecond(startMs + this.windowMs),
    };
  }

  /** The count a request arriving now would see (the read half of a racy read-modify-write). */
  peek(bucket: string, ip: string, nowMs: number): number {
    this.sweep(nowMs);
    return this.current(bucket, ip, nowMs).count;
  }

  /** Drops windows that ended at or before `nowMs` (they move to the bounded closed list). */
  sweep(nowMs: number): void {
    if (this.behaviour.neverResets) return;
    for (const w of this.windows.values()) {
      if (w.endMs > nowMs) break;
      this.windows.delete(w.bucket);
      this.close(w);
    }
  }

  get tracked(): number {
    return this.windows.size;
  }

  stats(filterIp?: string): LimiterStats {
    const all = [...this.closed.slice(this.closedHead), ...this.windows.values()];
    const windows = all
      .filter((w) => filterIp === undefined || w.ip === filterIp)
      .map((w) => {
        const truth: WindowTruth = {
          ip: w.ip,
          startEpochMs: w.startMs,
          endEpochMs: w.endMs,
          admitted: w.admitted,
          rejected: w.rejected,
        };
        if (w.bucket !== w.ip) truth.bucket = w.bucket;
        return truth;
      });
    return {
      windows,
      tracked: this.windows.size,
      totalAdmitted: this.totalAdmitted,
      totalRejected: this.totalRejected,
    };
  }

  private current(bucket: string, ip: string, nowMs: number): WindowState {
    const existing = this.windows.get(bucket);
    if (existing && existing.endMs > nowMs) return existing;
    const startMs = floorSecond(nowMs);
    const fresh: WindowState = {
      bucket,
      ip,
      startMs,
      endMs: ceilSecond(startMs + this.windowMs),
      count: 0,
      admitted: 0,
      rejected: 0,
    };
    if (existing) {
      this.windows.delete(bucket);
      this.close(existing);
      if (this.behaviour.neverResets) fresh.count = existing.count;
    }
    this.windows.set(bucket, fresh);
    return fresh;
  }

  private underBurstCap(bucket: string, nowMs: number): boolean {
    const spanMs = this.windowMs / 4;
    const cap = Math.max(1, Math.floor(this.limit / 5));
    const log = (this.recent.get(bucket) ?? []).filter((t) => t > nowMs - spanMs);
    const ok = log.length < cap;
    if (ok) log.push(nowMs);
    if (log.length > 0) this.recent.set(bucket, log);
    else this.recent.delete(bucket);
    return ok;
  }

  private extend(w: WindowState, nowMs: number): void {
    w.endMs = ceilSecond(nowMs + this.windowMs);
    // Keep the map ordered by end time so the sweep's early stop stays correct.
    this.windows.delete(w.bucket);
    this.windows.set(w.bucket, w);
  }

  private close(w: WindowState): void {
    if (this.maxClosed <= 0) return;
    this.closed.push(w);
    if (this.closed.length - this.closedHead > this.maxClosed) this.closedHead++;
    // Compact now and then so the array does not grow without bound.
    if (this.closedHead > this.maxClosed) {
      this.closed.splice(0, this.closedHead);
      this.closedHead = 0;
    }
  }
}
