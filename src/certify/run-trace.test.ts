import { describe, expect, it } from 'vitest';
import type { Verdict } from '../checks/types';
import { createMemorySink } from '../trace/sinks';
import { RunTrace } from './run-trace';
import { engineRecord } from './test-records';

const RUN_ORIGIN = 1_800_000_000_000;

describe('RunTrace', () => {
  it('moves each engine onto one numbering and one clock, in the order records arrive', () => {
    const sink = createMemorySink();
    const trace = new RunTrace(sink, RUN_ORIGIN);
    // First engine started 100 ms after the run, second 5 s after; both number from 1.
    const a = trace.phase();
    a.add(engineRecord(1, 10, RUN_ORIGIN + 100));
    a.add(engineRecord(2, 20, RUN_ORIGIN + 100, { firstByteMs: null, endMs: null, status: null }));
    const b = trace.phase();
    expect(b.seqBase).toBe(2);
    b.add(engineRecord(1, 0, RUN_ORIGIN + 5000));
    b.add(engineRecord(3, 7, RUN_ORIGIN + 5000));

    expect(sink.records.map((r) => r.seq)).toEqual([1, 2, 3, 5]);
    expect(trace.records).toEqual(sink.records);
    expect(sink.records.map((r) => r.sentMs)).toEqual([110, 120, 5000, 5007]);
    expect(sink.records[1].endMs).toBeNull();
    expect(sink.records[3].endMs).toBe(5012);
    // Wall-clock anchors are untouched: sentAtEpochMs = run origin + sentMs holds for every record.
    for (const r of sink.records) expect(r.sentAtEpochMs).toBe(RUN_ORIGIN + r.sentMs);
    expect(b.records.map((r) => r.seq)).toEqual([3, 5]);
  });

  it('moves verdict evidence (seq and atMs) the same way as the phase records', () => {
    const trace = new RunTrace(createMemorySink(), RUN_ORIGIN);
    trace.phase().add(engineRecord(1, 0, RUN_ORIGIN));
    const phase = trace.phase();
    phase.add(engineRecord(1, 50, RUN_ORIGIN + 1000));
    const verdict: Verdict = {
      checkId: 'CT-AUTH',
      title: 't',
      severity: 'high',
      outcome: 'fail',
      rule: 'r',
      evidence: [
        { seq: [1], message: 'm', atMs: 50 },
        { seq: [], message: 'no records' },
      ],
    };
    const [moved] = phase.verdicts([verdict]);
    expect(moved.evidence[0]).toEqual({ seq: [2], message: 'm', atMs: 1050 });
    expect(moved.evidence[1]).toEqual({ seq: [], message: 'no records' });
    // the input is not modified
    expect(verdict.evidence[0].seq).toEqual([1]);
  });
});
