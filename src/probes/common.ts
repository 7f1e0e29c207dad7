import { setTimeout as delay } from 'node:timers/promises';
import type { TraceRecord } from '../trace/types';
import type { ProbeName } from './names';
import { isLimited, resetEpochMs } from './timing';
import type { ProbeContext, ProbeOperation } from './types';

export interface SendOptions {
  source?: string | null;
  keyLabel?: string;
  operation?: ProbeOperation;
  headers?: Record<string, string>;
  intendedMs?: number;
}

/** One request of probe `probe`; throws the abort reason once the probe has been stopped. */
export async function probeSend(
  ctx: ProbeContext,
  probe: ProbeName,
  options: SendOptions = {},
): Promise<TraceRecord> {
  ctx.signal.throwIfAborted();
  const op = options.operation ?? ctx.operation;
  return ctx.engine.send(
    {
      probe,
      operationId: op.operationId,
      method: op.method,
      pathTemplate: op.pathTemplate,
      path: op.path,
      keyLabel: options.keyLabel ?? 'primary',
      source: options.source === undefined ? ctx.sources[0] : options.source,
      ...(options.headers ? { headers: options.headers } : {}),
    },
    options.intendedMs,
  );
}

/**
 * Sleeps at least `ms` (timers may fire a millisecond early; this does not), waking early with the
 * signal's own abort reason when the probe is stopped.
 */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ms <= 0) return;
  const until = performance.now() + ms;
  try {
    for (let left = ms; left > 0; left = until - performance.now()) {
      await delay(Math.max(1, Math.ceil(left)), undefined, { signal });
    }
  } catch (error) {
    signal.throwIfAborted();
    throw error;
  }
}

/** Sleeps until a local epoch time. */
export const sleepUntil = (epochMs: number, signal: AbortSignal): Promise<void> =>
  sleep(epochMs - Date.now(), signal);

/** A deadline for one probe: the probe's own cap, measured from its start. */
export function probeDeadline(ctx: ProbeContext): number {
  return Date.now() + ctx.maxDurationMs;
}

/**
 * Sends sequentially as fast as possible until the first 429 (or `maxRequests`, default limit + 5):
 * the common opening of most probes. A network error does not stop it (the trace keeps every
 * attempt); the cap does.
 */
export async function exhaust(
  ctx: ProbeContext,
  probe: ProbeName,
  options: SendOptions & { maxRequests?: number; stopAtFirst429?: boolean } = {},
): Promise<TraceRecord[]> {
  const max = options.maxRequests ?? ctx.limit + 5;
  const stop = options.stopAtFirst429 ?? true;
  const records: TraceRecord[] = [];
  for (let i = 0; i < max; i++) {
    const record = await probeSend(ctx, probe, options);
    records.push(record);
    if (stop && isLimited(record)) break;
  }
  return records;
}

/**
 * When the current window should be over, as local epoch ms: the advertised Reset (corrected by
 * the server-minus-local clock offset) of the newest record that has a readable one, else the
 * policy window counted from the first record.
 */
export function expectedResetLocalMs(
  ctx: Pick<ProbeContext, 'windowMs'>,
  records: readonly TraceRecord[],
  clockOffsetMs = 0,
): number {
  for (let i = records.length - 1; i >= 0; i--) {
    const reset = resetEpochMs(records[i]);
    if (reset !== null) return reset - clockOffsetMs;
  }
  const first = records[0];
  return (first ? first.sentAtEpochMs : Date.now()) + ctx.windowMs;
}
