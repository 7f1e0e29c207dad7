import { describe, expect, it } from 'vitest';
import { SourcePool } from './source-pool';

describe('SourcePool', () => {
  it('gives distinct idle addresses at once', async () => {
    const pool = new SourcePool(['a', 'b', 'c']);
    const signal = new AbortController().signal;
    const [x] = await pool.acquire(1, signal);
    const [y, z] = await pool.acquire(2, signal);
    expect(new Set([x, y, z]).size).toBe(3);
  });

  it('makes a second taker wait until the address is released and its window is over', async () => {
    const pool = new SourcePool([null]);
    const signal = new AbortController().signal;
    await pool.acquire(1, signal);
    const started = Date.now();
    const second = pool.acquire(1, signal);
    setTimeout(() => pool.release(new Map([[null, Date.now() + 120]])), 30);
    await second;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('stops waiting when aborted', async () => {
    const pool = new SourcePool(['a']);
    const controller = new AbortController();
    await pool.acquire(1, controller.signal);
    const waiting = pool.acquire(1, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
  });
});
