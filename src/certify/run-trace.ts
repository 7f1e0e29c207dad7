import type { Evidence, Verdict } from '../checks/types';
import type { TraceSink } from '../engine/types';
import type { TraceRecord } from '../trace/types';

/**
 * One trace for a whole certify run, fed by several engines one after another (conformance, each
 * limits pass, capacity). Every engine numbers its records from 1 and times them from its own
 * origin; here they are moved onto the run's numbering and time base as they arrive, so the file
 * on disk is one consistent trace with unique, increasing `seq` and one monotonic clock.
 */
export class RunTrace {
  readonly records: TraceRecord[] = [];
  private maxSeq = 0;

  constructor(
    private readonly sink: TraceSink,
    /** Wall-clock epoch ms of the run's time origin. */
    readonly originEpochMs: number,
  ) {}

  /** Starts the next phase: records of one engine, numbered after everything written so far. */
  phase(): TracePhase {
    return new TracePhase(this, this.maxSeq);
  }

  /** @internal */
  accept(record: TraceRecord): void {
    if (record.seq > this.maxSeq) this.maxSeq = record.seq;
    this.records.push(record);
    this.sink.write(record);
  }
}

export class TracePhase {
  /** Engine origin minus run origin, ms: known from the first record (every record of one engine agrees). */
  private shiftMs: number | null = null;
  /** Records of this phase, already moved onto the run's numbering and clock. */
  readonly records: TraceRecord[] = [];

  constructor(
    private readonly trace: RunTrace,
    readonly seqBase: number,
  ) {}

  /** The engine's onRecord: copies the record onto the run's numbering, writes it, keeps it. */
  readonly add = (record: TraceRecord): TraceRecord => {
    // sentAtEpochMs = engine origin + sentMs, exactly (both come from the engine's clock)
    this.shiftMs ??= record.sentAtEpochMs - record.sentMs - this.trace.originEpochMs;
    const shift = this.shiftMs;
    const moved: TraceRecord = {
      ...record,
      seq: record.seq + this.seqBase,
      intendedMs: record.intendedMs + shift,
      sentMs: record.sentMs + shift,
      firstByteMs: record.firstByteMs === null ? null : record.firstByteMs + shift,
      endMs: record.endMs === null ? null : record.endMs + shift,
    };
    this.records.push(moved);
    this.trace.accept(moved);
    return moved;
  };

  /** Verdicts computed by a runner over its own (engine-numbered) records, moved the same way. */
  verdicts(verdicts: readonly Verdict[]): Verdict[] {
    const shift = this.shiftMs ?? 0;
    const move = (e: Evidence): Evidence => ({
      ...e,
      seq: e.seq.map((s) => s + this.seqBase),
      ...(e.atMs === undefined ? {} : { atMs: e.atMs + shift }),
    });
    return verdicts.map((v) => ({ ...v, evidence: v.evidence.map(move) }));
  }
}
