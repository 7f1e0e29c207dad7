import type { TraceSink } from '../engine/types';
import type { TraceRecord } from './types';

export interface MemorySink extends TraceSink {
  /** Records written so far, in write order (the live array: copy it if you keep it). */
  readonly records: TraceRecord[];
}

/** Keeps every record in memory (tests, short probes, analysis right after a run). */
export function createMemorySink(): MemorySink {
  const records: TraceRecord[] = [];
  return {
    records,
    write(record) {
      records.push(record);
    },
    close: async () => {},
  };
}

/** Fans each record out to several sinks; closing closes them all (all are attempted even if one fails). */
export function teeSink(...sinks: TraceSink[]): TraceSink {
  return {
    write(record) {
      for (const sink of sinks) sink.write(record);
    },
    async close() {
      const results = await Promise.allSettled(sinks.map((sink) => sink.close()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
