import { probeSend } from './common';
import { PROBE } from './names';
import type { ProbeContext } from './types';

/** Rotates over several cheap operations for limit + 5 requests from a fresh window. */
export async function mixedEndpointsProbe(ctx: ProbeContext): Promise<void> {
  const ops = ctx.operations.length > 0 ? ctx.operations : [ctx.operation];
  for (let i = 0; i < ctx.limit + 5; i++) {
    await probeSend(ctx, PROBE.mixedEndpoints, { operation: ops[i % ops.length] });
  }
}
