import { type Latency, sampleLatency } from './latency';
import type { Random } from './random';

/**
 * Numbered slots, at most `capacity` held at once; the rest wait in arrival order (FIFO). A
 * released slot passes straight to the next waiter.
 */
export class SlotPool {
  private readonly free: number[];
  private readonly waiting: Array<(slot: number) => void> = [];
  private head = 0;

  constructor(readonly capacity: number) {
    this.free = Array.from({ length: capacity }, (_, i) => capacity - 1 - i);
  }

  acquire(): number | Promise<number> {
    const slot = this.free.pop();
    if (slot !== undefined) return slot;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(slot: number): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head++];
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      next(slot);
      return;
    }
    this.free.push(slot);
  }

  get queued(): number {
    return this.waiting.length - this.head;
  }

  get inUse(): number {
    return this.capacity - this.free.length;
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Service time and the concurrency limit. Each slot keeps a virtual clock: a request starts at
 * max(its arrival, the end of the slot's previous request) and ends one service time later. Timers
 * fire late on a busy machine; sleeping until the virtual end (not for a fixed time) makes the next
 * request on that slot catch up, so a saturated sandbox serves C / L requests per second, not less.
 */
export class ServiceQueue {
  private readonly slots: SlotPool | undefined;
  private readonly slotEnds: number[];

  constructor(
    capacity: number | undefined,
    private readonly latency: Latency | undefined,
    private readonly random: Random,
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {
    this.slots = capacity ? new SlotPool(capacity) : undefined;
    this.slotEnds = new Array(capacity ?? 0).fill(0);
  }

  get active(): boolean {
    return this.slots !== undefined || this.latency !== undefined;
  }

  async run<T>(work: () => T): Promise<T> {
    const arrival = this.clock();
    const service = this.latency ? sampleLatency(this.latency, this.random) : 0;
    if (!this.slots) {
      if (service > 0) await this.sleep(service);
      return work();
    }
    const pending = this.slots.acquire();
    const slot = typeof pending === 'number' ? pending : await pending;
    try {
      const end = Math.max(arrival, this.slotEnds[slot]) + service;
      this.slotEnds[slot] = end;
      const wait = end - this.clock();
      if (wait > 0) await this.sleep(wait);
      return work();
    } finally {
      this.slots.release(slot);
    }
  }
}
