import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TraceSink } from '../engine/types';
import { PacerError } from '../errors';
import type { TraceRecord } from './types';

export interface NdjsonWriterOptions {
  /** Longest time a record waits in memory before reaching the file, ms (default 200). */
  flushIntervalMs?: number;
  /** Secret values (API keys) that must never reach the file; replaced by `[redacted]` if seen. */
  secrets?: readonly string[];
}

export interface NdjsonTraceWriter extends TraceSink {
  readonly file: string;
  /** Records written so far. */
  readonly count: number;
  /** Writes everything buffered now, synchronously: safe inside `process.on('exit')` and SIGINT hooks. */
  flushSync(): void;
}

/** Flush early once this much text is buffered, so each synchronous write stays short. */
const FLUSH_BYTES = 64 * 1024;
const REDACTED = '[redacted]';

/**
 * A trace file: one JSON record per line, appended as the run goes. Writes are synchronous and
 * small (at most ~64 KB, at least every 200 ms): that keeps the file in record order and means an
 * interrupted run loses nothing that `flushSync()` was given a chance to write.
 */
export function createNdjsonTraceWriter(file: string, options: NdjsonWriterOptions = {}): NdjsonTraceWriter {
  let fd: number;
  try {
    mkdirSync(dirname(file), { recursive: true });
    fd = openSync(file, 'w');
  } catch (cause) {
    throw new PacerError('PACER_ERR_FILE', `cannot open trace file for writing: ${String(cause)}`, {
      file,
      cause,
    });
  }
  const secrets = (options.secrets ?? [])
    .filter((s) => s.length > 0)
    .map((s) => JSON.stringify(s).slice(1, -1));
  let pending: string[] = [];
  let pendingBytes = 0;
  let count = 0;
  let closed = false;

  const flushSync = (): void => {
    if (pending.length === 0 || closed) return;
    const text = pending.join('');
    pending = [];
    pendingBytes = 0;
    writeSync(fd, text);
  };

  const timer = setInterval(flushSync, options.flushIntervalMs ?? 200);
  // The timer must not keep a finished process alive; close() flushes the rest.
  timer.unref();

  return {
    file,
    get count() {
      return count;
    },
    write(record: TraceRecord) {
      if (closed) throw new PacerError('PACER_ERR_FILE', 'trace writer already closed', { file });
      let line = JSON.stringify(record);
      for (const secret of secrets) {
        if (line.includes(secret)) line = line.split(secret).join(REDACTED);
      }
      pending.push(line, '\n');
      pendingBytes += line.length + 1;
      count += 1;
      if (pendingBytes >= FLUSH_BYTES) flushSync();
    },
    flushSync,
    async close() {
      if (closed) return;
      clearInterval(timer);
      flushSync();
      closed = true;
      closeSync(fd);
    },
  };
}
