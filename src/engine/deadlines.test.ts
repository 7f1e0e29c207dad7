import { describe, expect, it } from 'vitest';
import { DeadlineQueue, type Expirable } from './deadlines';

const clock = (): (() => number) => {
  const origin = performance.now();
  return () => performance.now() - origin;
};

class Item implements Expirable {
  settled = false;
  expiredAtMs: number | null = null;
  constructor(
    readonly deadlineMs: number,
    private readonly now: () => number,
  ) {}
  expire(): void {
    this.expiredAtMs = this.now();
    this.settled = true;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DeadlineQueue', () => {
  it('expires each unsettled item at its own deadline with one timer', async () => {
    const now = clock();
    const q = new DeadlineQueue<Item>(now);
    const items = [40, 80, 120].map((d) => new Item(d, now));
    for (const item of items) q.add(item);
    await sleep(200);
    for (const item of items) {
      expect(item.expiredAtMs).not.toBeNull();
      // never early; late only by timer granularity and a busy machine
      expect(item.expiredAtMs ?? 0).toBeGreaterThanOrEqual(item.deadlineMs - 1);
      expect(item.expiredAtMs ?? 0).toBeLessThan(item.deadlineMs + 60);
    }
    expect(q.size).toBe(0);
  });

  it('never expires settled items, also behind a slow one, and empties itself', async () => {
    const now = clock();
    const q = new DeadlineQueue<Item>(now);
    const slow = new Item(60, now);
    const quick = [new Item(70, now), new Item(80, now)];
    q.add(slow);
    for (const item of quick) q.add(item);
    for (const item of quick) {
      item.settled = true;
      q.settled();
    }
    // the slow front keeps the settled ones queued behind it
    expect(q.size).toBe(3);
    await sleep(150);
    expect(slow.expiredAtMs).not.toBeNull();
    for (const item of quick) expect(item.expiredAtMs).toBeNull();
    expect(q.size).toBe(0);
  });

  it('drops the settled front at once, so memory follows what is in flight', () => {
    const now = clock();
    const q = new DeadlineQueue<Item>(now);
    for (let i = 0; i < 10_000; i++) {
      const item = new Item(60_000 + i, now);
      q.add(item);
      item.settled = true;
      q.settled();
    }
    expect(q.size).toBe(0);
    q.clear();
  });
});
