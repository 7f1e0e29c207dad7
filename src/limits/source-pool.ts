import { setTimeout as delay } from 'node:timers/promises';

/**
 * Hands out source addresses so that every probe starts in a fresh window: an address is free
 * again only after the window its last probe opened is over (its advertised Reset plus a margin).
 * `null` stands for the OS default address (one egress address: probes take turns).
 */
export class SourcePool {
  private readonly freeAt = new Map<string | null, number>();
  private readonly busy = new Set<string | null>();
  private waiters: Array<() => void> = [];

  constructor(readonly sources: readonly (string | null)[]) {
    for (const s of sources) this.freeAt.set(s, 0);
  }

  get size(): number {
    return this.sources.length;
  }

  /**
   * Takes `count` idle addresses (those whose window ends soonest), waits until all of them are in
   * a fresh window, and returns them. Resolves only when enough addresses are idle.
   */
  async acquire(count: number, signal: AbortSignal): Promise<Array<string | null>> {
    if (count > this.sources.length)
      throw new Error(`need ${count} source addresses, have ${this.sources.length}`);
    for (;;) {
      signal.throwIfAborted();
      const idle = this.sources.filter((s) => !this.busy.has(s));
      if (idle.length >= count) {
        const chosen = idle
          .sort((a, b) => (this.freeAt.get(a) ?? 0) - (this.freeAt.get(b) ?? 0))
          .slice(0, count);
        for (const s of chosen) this.busy.add(s);
        const readyAt = Math.max(...chosen.map((s) => this.freeAt.get(s) ?? 0));
        const wait = readyAt - Date.now();
        try {
          if (wait > 0) await delay(wait, undefined, { signal });
        } catch (error) {
          for (const s of chosen) this.busy.delete(s);
          throw error;
        }
        return chosen;
      }
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }

  /** Gives addresses back; `freeAt` is the local epoch ms from which each one is in a fresh window. */
  release(freeAt: ReadonlyMap<string | null, number>): void {
    for (const [source, at] of freeAt) {
      this.busy.delete(source);
      this.freeAt.set(source, Math.max(this.freeAt.get(source) ?? 0, at));
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Marks an address as used outside a probe (the reachability request). */
  markUsed(source: string | null, freeAt: number): void {
    this.freeAt.set(source, Math.max(this.freeAt.get(source) ?? 0, freeAt));
  }
}
