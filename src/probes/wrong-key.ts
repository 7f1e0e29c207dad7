import { exhaust, probeSend } from './common';
import { PROBE } from './names';
import type { ProbeContext } from './types';

export const WRONG_KEY_REQUESTS = 5;

/** 5 requests with a wrong key and 5 with none, then valid requests until the first 429. */
export async function wrongKeyProbe(ctx: ProbeContext): Promise<void> {
  for (let i = 0; i < WRONG_KEY_REQUESTS; i++) await probeSend(ctx, PROBE.wrongKey, { keyLabel: 'wrong' });
  for (let i = 0; i < WRONG_KEY_REQUESTS; i++) await probeSend(ctx, PROBE.wrongKey, { keyLabel: 'none' });
  await exhaust(ctx, PROBE.wrongKey);
}
