import { unreachableError } from '../errors';
import type { TraceRecord } from '../trace/types';
import type { ConformEngine } from './options';
import type { Pacer } from './pacing';
import { toRequestSpec } from './request';
import type { ConformCase, ConformProgress } from './types';

/** What the sending loop counts (the runner reports it as ConformanceStats). */
export interface SendStats {
  requests: number;
  tooManyRequests: number;
  pauses: number;
  pausedMs: number;
}

export interface SenderOptions {
  engine: ConformEngine;
  pacer: Pacer;
  /** For the unreachable-target message. */
  target: string;
  /** Retries of one case after 429s. */
  maxRetries: number;
  onRecord(record: TraceRecord): void;
  onPause(pause: Pick<ConformProgress, 'waitMs' | 'reason' | 'operationId'>): void;
  signal?: AbortSignal;
}

/** Sends one case, paced within the budget; returns its final record. */
export type Send = (c: ConformCase) => Promise<TraceRecord>;

/**
 * The one place requests leave the runner: waits for the pacer's grant, sends, feeds the answer's
 * rate-limit headers back, and retries a case answered 429 after its Retry-After. A target that
 * answers none of the first three requests is unreachable: the run stops with that error rather
 * than judging a silent target.
 */
export function createSender(options: SenderOptions): { send: Send; stats: SendStats } {
  const { engine, pacer, signal } = options;
  const stats: SendStats = { requests: 0, tooManyRequests: 0, pauses: 0, pausedMs: 0 };
  let answered = false;
  const send: Send = async (c) => {
    for (let attempt = 0; ; attempt++) {
      for (;;) {
        signal?.throwIfAborted();
        const grant = pacer.acquire();
        if (grant.kind === 'wait') {
          stats.pauses++;
          stats.pausedMs += grant.ms;
          options.onPause({ waitMs: grant.ms, reason: grant.reason, operationId: c.operationId });
          await sleep(grant.ms, signal);
          continue;
        }
        const record = await engine.send(toRequestSpec(c, grant.source));
        stats.requests++;
        options.onRecord(record);
        pacer.observe(grant.source, record.headers);
        answered ||= record.status !== null;
        if (!answered && stats.requests <= 3) {
          throw unreachableError(
            `target ${options.target} is unreachable: ${record.error?.message ?? 'no response'}`,
          );
        }
        if (record.status !== 429 || attempt >= options.maxRetries) return record;
        stats.tooManyRequests++;
        const wait = pacer.onTooMany(grant.source, record.headers, attempt);
        options.onPause({
          waitMs: wait,
          reason: '429 received: waiting Retry-After',
          operationId: c.operationId,
        });
        break;
      }
    }
  };
  return { send, stats };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
