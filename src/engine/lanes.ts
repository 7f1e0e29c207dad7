import type { Dispatcher } from 'undici';

/** A request's handler, which says when it gave up and learns which connection took it. */
export interface LaneUser extends Dispatcher.DispatchHandler {
  readonly settled: boolean;
  /** Set before the request is dispatched; give it back with `release` once settled. */
  lane: Dispatcher | null;
}

/** Where requests for one source address go. */
export interface Route {
  /** Sends now, or queues until a connection is free. */
  send(opts: Dispatcher.DispatchOptions, user: LaneUser): void;
  release(lane: Dispatcher): void;
  close(): Promise<void>;
}

/**
 * A fixed set of keep-alive connections (one undici Client each) with at most one request on each,
 * and a FIFO for requests that find them all busy: what undici's Pool does, minus a hop. Through a
 * Pool, a closed-model user's next request lands in the Pool's queue (its connection still looks
 * busy while the previous response is being delivered) and reaches the socket only after a 'drain'
 * and one more event-loop turn; dispatched straight onto the connection that just became free, it
 * is written in the same turn (measured: ~0.70 -> ~0.85 of autocannon's closed-model req/s).
 * Every write still waits for the check phase: undici validates an idle keep-alive socket with a
 * setImmediate before reusing it (GHSA-35p6-xmwp-9g52), which is deliberately left alone.
 */
export class Lanes implements Route {
  private readonly idle: Dispatcher[] = [];
  private readonly all: Dispatcher[] = [];
  private waiting: Array<{ opts: Dispatcher.DispatchOptions; user: LaneUser } | null> = [];
  private head = 0;
  private onDrained: (() => void) | null = null;

  constructor(
    private readonly open: () => Dispatcher,
    private readonly size: number,
  ) {}

  send(opts: Dispatcher.DispatchOptions, user: LaneUser): void {
    let lane = this.idle.pop();
    if (lane === undefined && this.all.length < this.size) {
      lane = this.open();
      this.all.push(lane);
    }
    if (lane === undefined) this.waiting.push({ opts, user });
    else start(lane, opts, user);
  }

  release(lane: Dispatcher): void {
    while (this.head < this.waiting.length) {
      const next = this.waiting[this.head];
      this.waiting[this.head++] = null;
      // timed out while waiting: already recorded, never sent late
      if (next === null || next.user.settled) continue;
      this.compact();
      // not from inside undici's completion callback of the previous request on this lane
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

  /** Like undici's Pool: requests already queued are still sent, then every connection closes. */
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

/** A caller-supplied dispatcher (tests, custom agents): it does its own pooling. */
export class SharedRoute implements Route {
  constructor(private readonly dispatcher: Dispatcher) {}

  send(opts: Dispatcher.DispatchOptions, user: LaneUser): void {
    start(this.dispatcher, opts, user);
  }

  release(): void {}

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

function start(lane: Dispatcher, opts: Dispatcher.DispatchOptions, user: LaneUser): void {
  user.lane = lane;
  lane.dispatch(opts, user);
}
