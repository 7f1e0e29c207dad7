import { exhaust } from './common';
import { PROBE } from './names';
import type { ProbeContext } from './types';

/** limit + 5 sequential requests from a fresh window, as fast as possible, past the first 429. */
export async function exhaustProbe(ctx: ProbeContext): Promise<void> {
  await exhaust(ctx, PROBE.exhaust, { stopAtFirst429: false });
}
