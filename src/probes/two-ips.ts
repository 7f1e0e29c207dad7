import { exhaust, probeSend } from './common';
import { PROBE } from './names';
import { isLimited } from './timing';
import type { ProbeContext } from './types';

/** Exhausts from source A, then 3 requests from source B, then one more from A (still limited). */
export async function twoIpsProbe(ctx: ProbeContext): Promise<void> {
  const [a, b] = ctx.sources;
  if (ctx.sources.length < 2) return;
  const opening = await exhaust(ctx, PROBE.twoIps, { source: a });
  if (!opening.some(isLimited)) return;
  for (let i = 0; i < 3; i++) await probeSend(ctx, PROBE.twoIps, { source: b });
  await probeSend(ctx, PROBE.twoIps, { source: a });
}
