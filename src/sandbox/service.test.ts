import { describe, expect, it } from 'vitest';
import { parseLatency } from './latency';
import { seededRandom } from './random';
import { ServiceQueue, SlotPool } from './service';

describe('SlotPool', () => {
  it('hands out capacity slots and queues the rest FIFO, passing slots straight on', async () => {
    const pool = new SlotPool(2);
    const a = pool.acquire() as number;
    const b = pool.acquire() as number;
    expect(new Set([a, b])).toEqual(new Set([0, 1]));
    const order: Array<[number, number]> = [];
    const waits = [1, 2, 3].map((i) =>
      (pool.acquire() as Promise<number>).then((slot) => order.push([i, slot])),
    );
    expect(pool.queued).toBe(3);
    pool.release(a);
    pool.release(b);
    await Promise.all(waits.slice(0, 2));
    expect(order).toEqual([
      [1, a],
      [2, b],
    ]);
    pool.release(a);
    await waits[2];
    expect(order[2]).toEqual([3, a]);
    expect(pool.inUse).toBe(2);
    pool.release(a);
    pool.release(b);
    expect(pool.inUse).toBe(0);
  });
});

describe('ServiceQueue', () => {
  it('runs work immediately when neither latency nor concurrency is set', async () => {
    const q = new ServiceQueue(undefined, undefined, seededRandom(1));
    expect(q.active).toBe(false);
    expect(await q.run(() => 7)).toBe(7);
  });

  it('schedules a saturated slot back to back on its virtual clock, catching up late timers', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      await Promise.resolve();
      // The timer fires 4 ms late every time.
      now += ms + 4;
    };
    const q = new ServiceQueue(1, parseLatency('fixed:10ms'), seededRandom(1), () => now, sleep);
    const served: number[] = [];
    await Promise.all([0, 1, 2, 3].map(() => q.run(() => served.push(now))));
    // Virtual ends at 10, 20, 30, 40: each sleep is shortened by the previous timer's lateness.
    expect(sleeps).toEqual([10, 6, 6, 6]);
    expect(served).toEqual([14, 24, 34, 44]);
  });

  it('two slots serve two requests at once', async () => {
    const now = 0;
    const sleeps: number[] = [];
    const q = new ServiceQueue(
      2,
      parseLatency('fixed:10ms'),
      seededRandom(1),
      () => now,
      async (ms) => {
        sleeps.push(ms);
      },
    );
    await Promise.all([0, 1, 2, 3].map(() => q.run(() => undefined)));
    expect(sleeps).toEqual([10, 10, 20, 20]);
  });
});
