import { probeSend } from './common';
import { PROBE } from './names';
import type { ProbeContext } from './types';

/** From one source, alternates key labels primary / secondary for limit + 5 requests. */
export async function twoKeysProbe(ctx: ProbeContext): Promise<void> {
  if (!ctx.hasSecondaryKey) return;
  for (let i = 0; i < ctx.limit + 5; i++) {
    await probeSend(ctx, PROBE.twoKeys, { keyLabel: i % 2 === 0 ? 'primary' : 'secondary' });
  }
}
