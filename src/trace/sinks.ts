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
