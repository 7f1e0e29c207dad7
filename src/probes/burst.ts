import { probeSend } from './common';
import { PROBE } from './names';
import type { ProbeContext } from './types';

/**
 * 2 x limit requests released together from a fresh window. The engine needs at least that many
 * connections per source address, or the burst is queued behind its pool and is no burst.
 */
export async function burstProbe(ctx: ProbeContext): Promise<void> {
  const count = 2 * ctx.limit;
  await Promise.all(Array.from({ length: count }, () => probeSend(ctx, PROBE.burst)));
}
