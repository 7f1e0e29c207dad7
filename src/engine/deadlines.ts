/** Something in flight that must give up at `deadlineMs` unless it settled before. */
export interface Expirable {
  readonly deadlineMs: number;
  readonly settled: boolean;
  /** Called once, at or just after the deadline, if not settled by then. */
  expire(): void;
}

/** Compact the backing array once this many settled slots sit at its front. */
const COMPACT_AFTER = 4096;

/**
 * One timer for every exchange in flight, instead of a setTimeout/clearTimeout pair per request
 * (that pair was a measurable share of the engine's CPU at tens of thousands of requests/s).
 *
 * Every exchange of an engine has the same timeout, so deadlines arrive in send order: a FIFO is
 * already sorted by deadline, and the single timer only ever needs to wait for the front. Settled
 * exchanges are dropped from the front as they settle (lazily behind a slow one), so memory follows
 * what is in flight; the timer is cleared when nothing is, so it never keeps the process alive.
 */
export class DeadlineQueue<T extends Expirable> {
  private items: Array<T | null> = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAtMs = Number.POSITIVE_INFINITY;
  private sweeping = false;

  constructor(private readonly nowMs: () => number) {}

  /** Items not yet dropped (in flight, or settled behind one that is). */
  get size(): number {
    return this.items.length - this.head;
  }

  /** `item.deadlineMs` must not be earlier than that of any item added before it. */
  add(item: T): void {
    this.items.push(item);
    if (this.timer === null) this.arm(item.deadlineMs);
  }

  /** Tell the queue an item settled (any item: only the settled front is dropped). */
  settled(): void {
    if (this.sweeping) return;
    this.dropSettledFront();
  }

  /** Forget everything and stop the timer (engine closed). */
  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerAtMs = Number.POSITIVE_INFINITY;
    this.items = [];
    this.head = 0;
  }

  private dropSettledFront(): void {
    const items = this.items;
    while (this.head < items.length && (items[this.head] as T).settled) items[this.head++] = null;
    if (this.head === items.length) {
      this.clear();
      return;
    }
    if (this.head >= COMPACT_AFTER && this.head * 2 >= items.length) {
      items.splice(0, this.head);
      this.head = 0;
    }
  }

  private arm(deadlineMs: number): void {
    if (this.timer !== null && this.timerAtMs <= deadlineMs) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAtMs = deadlineMs;
    this.timer = setTimeout(this.sweep, Math.max(0, deadlineMs - this.nowMs()));
  }

  private readonly sweep = (): void => {
    this.timer = null;
    this.timerAtMs = Number.POSITIVE_INFINITY;
    const now = this.nowMs();
    this.sweeping = true;
    try {
      const items = this.items;
      while (this.head < items.length) {
        const item = items[this.head] as T;
        if (!item.settled) {
          if (item.deadlineMs > now) break;
          item.expire();
        }
        items[this.head++] = null;
      }
    } finally {
      this.sweeping = false;
    }
    this.dropSettledFront();
    // timers may fire a little before performance.now() reaches the deadline: re-arm for the rest
    if (this.head < this.items.length) this.arm((this.items[this.head] as T).deadlineMs);
  };
}
