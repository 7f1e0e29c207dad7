import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpEngine } from '../engine/http-engine';
import { DEFAULT_OPERATION } from '../limits/operations';
import { DEMO_API_KEY, type Sandbox, startSandbox } from '../sandbox/index';
import type { TraceRecord } from '../trace/types';
import { makeProbeContext } from './context';
import { resetBoundaryProbe } from './reset-boundary';
import { estimateResetInstant } from './reset-estimate';

const LIMIT = 20;
const WINDOW_MS = 2000;

describe('reset-boundary probe against the sandbox truth', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ limit: LIMIT, windowMs: WINDOW_MS });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('estimates the window end to within tens of ms', async () => {
    const records: TraceRecord[] = [];
    const engine = createHttpEngine({
      target: sandbox.url,
      apiKeys: { primary: DEMO_API_KEY },
      onRecord: (r) => records.push(r),
    });
    const source = '127.0.0.61';
    try {
      await resetBoundaryProbe(
        makeProbeContext({
          engine,
          limit: LIMIT,
          windowMs: WINDOW_MS,
          sources: [source],
          operation: DEFAULT_OPERATION,
        }),
      );
    } finally {
      await engine.close();
    }
    const estimate = estimateResetInstant(records, source);
    expect(estimate).not.toBeNull();
    const windows = sandbox.truth().windows.filter((w) => w.ip === source);
    // The window the probe exhausted: the first one, which rejected requests.
    const exhausted = windows.find((w) => w.rejected > 0);
    expect(exhausted).toBeDefined();
    const end = exhausted?.endEpochMs ?? 0;
    // The bracket holds the truth (the server decides between the two sends and first bytes)...
    const last429 = records.find((r) => r.seq === estimate?.lastLimitedSeq);
    const firstOk = records.find((r) => r.seq === estimate?.firstAdmittedSeq);
    expect(last429?.sentAtEpochMs).toBeLessThan(end + 5);
    expect(
      (firstOk?.sentAtEpochMs ?? 0) + ((firstOk?.firstByteMs ?? 0) - (firstOk?.sentMs ?? 0)),
    ).toBeGreaterThan(end - 5);
    // ...and the midpoint is within tens of ms of it (20 ms polling; loose for a loaded CI machine).
    expect(Math.abs((estimate?.estimateEpochMs ?? 0) - end)).toBeLessThan(100);
    // The probe polled densely: the bracket is about one poll interval wide, not a second.
    expect((estimate?.firstAdmittedEpochMs ?? 0) - (estimate?.lastLimitedEpochMs ?? 0)).toBeLessThan(200);
    // It stopped by itself: the admission plus two more, no runaway polling.
    const afterAdmission = records.filter((r) => r.seq > (estimate?.firstAdmittedSeq ?? 0));
    expect(afterAdmission).toHaveLength(2);
  });
});
