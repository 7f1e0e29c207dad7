import type { ConnectionRequest, RawResponseHandler } from './http1/types';

/** One keep-alive connection carrying one request at a time (an Http1Connection). */
export interface Lane {
  dispatch(request: ConnectionRequest, handler: RawResponseHandler): boolean;
  close(): Promise<void>;
}

/** A request's handler, which says when it gave up and learns which connection took it. */
export interface LaneUser extends RawResponseHandler {
  readonly settled: boolean;
  /** Set before the request is dispatched; give it back with `release` once settled. */
  lane: Lane | null;
}

/**
 * The connections of one source address: a fixed set of keep-alive connections with at most one
 * request on each, and a FIFO for requests that find them all busy. A closed-model user's next
 * request goes straight onto the connection that just became free and is written in the same
 * event-loop turn (through undici's Pool it waited for a 'drain' and one more turn: ~0.70 -> ~0.85
 * of autocannon's closed-model req/s when the engine still used undici).
 */
export class Lanes {
  private readonly idle: Lane[] = [];
  private readonly all: Lane[] = [];
  private waiting: Array<{ opts: ConnectionRequest; user: LaneUser } | null> = [];
  private head = 0;
  private onDrained: (() => void) | null = null;

  constructor(
    private readonly open: () => Lane,
    private readonly size: number,
  ) {}

  /** Sends now, or queues until a connection is free. */
  send(opts: ConnectionRequest, user: LaneUser): void {
    let lane = this.idle.pop();
    if (lane === undefined && this.all.length < this.size) {
      lane = this.open();
      this.all.push(lane);
    }
    if (lane === undefined) this.waiting.push({ opts, user });
    else start(lane, opts, user);
  }

  release(lane: Lane): void {
    while (this.head < this.waiting.length) {
      const next = this.waiting[this.head];
      this.waiting[this.head++] = null;
      // timed out while waiting: already recorded, never sent late
      if (next === null || next.user.settled) continue;
      this.compact();
      // not from inside the completion callback of the previous request on this lane
      queueMicrotask(() => {
        if (next.user.settled) this.release(lane);
        else start(lane, next.opts, next.user);
      });
      return;
    }
    this.compact();
    this.idle.push(lane);
    this.onDrained?.();
  }

  /** Requests already queued are still sent, then every connection closes. */
  async close(): Promise<void> {
    if (this.head < this.waiting.length) {
      await new Promise<void>((resolve) => {
        this.onDrained = resolve;
      });
      this.onDrained = null;
    }
    await Promise.all(this.all.map((lane) => lane.close()));
  }

  private compact(): void {
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}

/**
 * A request the connection refuses (a header value it cannot send) settles as that request's error
 * and gives the lane back; thrown from the microtask of a queued request it would be uncaught and
 * the lane lost for good.
 */
function start(lane: Lane, opts: ConnectionRequest, user: LaneUser): void {
  user.lane = lane;
  try {
    lane.dispatch(opts, user);
  } catch (error) {
    user.onError(error instanceof Error ? error : new Error(String(error)));
  }
}
