import { describe, expect, it } from 'vitest';
import {
  buildRunResults,
  familyOf,
  incompleteReason,
  policyNote,
  unjudgedRequired,
  verdictStatus,
} from './build';
import {
  syntheticRecords,
  syntheticResults,
  syntheticRunInput,
  syntheticVerdicts,
  testPolicy,
} from './test-support/synthetic';

const records = syntheticRecords(200);

const skip = (checkId: string, operationId?: string) => ({
  checkId,
  title: checkId,
  severity: 'high' as const,
  outcome: 'skip' as const,
  rule: 'r',
  evidence: [],
  reason: 'no records to judge',
  ...(operationId ? { operationId } : {}),
});
const pass = (checkId: string, operationId?: string) => ({
  ...skip(checkId, operationId),
  outcome: 'pass' as const,
});

describe('buildRunResults', () => {
  it('reports violations when a required check fails, and counts outcomes per family', () => {
    const r = syntheticResults(records);
    expect(r.status).toBe('violations');
    expect(r.summary.checks).toEqual({ total: 8, pass: 3, fail: 3, warn: 1, skip: 1 });
    expect(r.summary.byFamily.conformance).toEqual({ pass: 2, fail: 1, warn: 0, skip: 0 });
    expect(r.summary.requiredFailed).toBe(3);
    expect(r.summary.status429).toBe(records.filter((x) => x.status === 429).length);
    expect(r.warningChecks).toEqual(['RL-NO-CACHE-429']);
    expect(r.requiredChecks).not.toContain('RL-NO-CACHE-429');
  });

  it('certifies when only advisory checks fail, and not when the run was interrupted', () => {
    // RL-PER-IP-ISOLATION (skipped in the fixture) left out, as --exclude-checks would: not required.
    const verdicts = syntheticVerdicts()
      .filter((v) => v.checkId !== 'RL-PER-IP-ISOLATION')
      .map((v) =>
        v.outcome === 'fail'
          ? { ...v, outcome: 'pass' as const }
          : v.checkId === 'RL-NO-CACHE-429'
            ? { ...v, outcome: 'fail' as const }
            : v,
      );
    const base = syntheticRunInput(records);
    // Date objects are accepted as well as ISO strings.
    const input = {
      ...base,
      startedAt: new Date(base.startedAt),
      finishedAt: new Date(base.finishedAt),
      verdicts,
      warningChecks: ['RL-NO-CACHE-429'],
    };
    expect(buildRunResults(input).status).toBe('certified');
    expect(buildRunResults({ ...input, warningChecks: [] }).status).toBe('violations');
    const interrupted = buildRunResults({ ...input, interrupted: true });
    expect([interrupted.status, interrupted.partial]).toEqual(['interrupted', true]);
    const failed = buildRunResults({
      ...input,
      error: { code: 'PACER_ERR_TARGET_UNREACHABLE', message: 'down' },
    });
    expect([failed.status, failed.partial]).toEqual(['error', true]);
    expect(buildRunResults(input).startedAt).toBe(base.startedAt);
  });

  it('is incomplete, not certified, when a required check was never judged (every verdict a skip)', () => {
    const input = syntheticRunInput(records);
    // A dead target: every check skipped.
    const dead = buildRunResults({
      ...input,
      verdicts: [skip('RL-ADMISSION-EXACT'), skip('RL-RESET-HONOURED')],
    });
    expect(dead.status).toBe('incomplete');
    expect(dead.summary.requiredUnjudged).toEqual(['RL-ADMISSION-EXACT', 'RL-RESET-HONOURED']);
    expect(dead.requiredChecks).toEqual(['RL-ADMISSION-EXACT', 'RL-RESET-HONOURED']);
    // Half tested: one probe judged, another check skipped.
    const half = buildRunResults({
      ...input,
      verdicts: [pass('RL-ADMISSION-EXACT'), skip('RL-PER-IP-ISOLATION')],
    });
    expect([half.status, half.summary.requiredUnjudged]).toEqual(['incomplete', ['RL-PER-IP-ISOLATION']]);
    // A CT-* check skipped on one operation but judged on another was judged.
    const perOp = buildRunResults({
      ...input,
      verdicts: [skip('CT-ERROR-SHAPE', 'getA'), pass('CT-ERROR-SHAPE', 'getB'), pass('RL-ADMISSION-EXACT')],
    });
    expect([perOp.status, perOp.summary.requiredUnjudged]).toEqual(['certified', []]);
    // A skipped advisory check blocks nothing.
    const advisory = buildRunResults({
      ...input,
      verdicts: [pass('RL-ADMISSION-EXACT'), skip('RL-NO-CACHE-429')],
      warningChecks: ['RL-NO-CACHE-429'],
    });
    expect(advisory.status).toBe('certified');
    // A required failure outranks an unjudged check; interruption and errors outrank both.
    const failing = buildRunResults({
      ...input,
      verdicts: [{ ...pass('RL-ADMISSION-EXACT'), outcome: 'fail' }, skip('RL-X')],
    });
    expect(failing.status).toBe('violations');
    expect(buildRunResults({ ...input, verdicts: [skip('RL-X')], interrupted: true }).status).toBe(
      'interrupted',
    );
  });

  it('verdictStatus gives the same answer without building a report (runLimits exit code)', () => {
    const verdicts = syntheticVerdicts();
    expect(verdictStatus(verdicts)).toBe('violations');
    const noFails = verdicts.filter((v) => v.outcome !== 'fail');
    expect(verdictStatus(noFails)).toBe('incomplete');
    expect(unjudgedRequired(noFails, new Set())).toEqual(['RL-PER-IP-ISOLATION']);
    expect(verdictStatus(noFails.filter((v) => v.outcome !== 'skip'))).toBe('certified');
    expect(verdictStatus([])).toBe('incomplete');
  });

  it('a run without a single verdict (every check excluded) is incomplete, and says why', () => {
    const input = syntheticRunInput(records);
    const empty = buildRunResults({ ...input, verdicts: [] });
    expect(empty.status).toBe('incomplete');
    expect(incompleteReason(empty.summary)).toMatch(/no check produced a verdict/);
    // a capacity measurement without an SLO has no verdict to give and is not held back by that
    expect(buildRunResults({ ...input, verdicts: [], capacity: {} }).status).toBe('certified');
    const unjudged = buildRunResults({ ...input, verdicts: [skip('RL-X'), skip('RL-Y')] });
    expect(incompleteReason(unjudged.summary)).toBe(
      '2 required checks could not be judged (every verdict skipped): RL-X, RL-Y',
    );
  });

  it('assigns families by id prefix and the probe from the evidence records', () => {
    const r = syntheticResults(records);
    const admission = r.verdicts.find((v) => v.checkId === 'RL-ADMISSION-EXACT')!;
    // Evidence seq 20 and 25 are both exhaust-probe records in the synthetic trace (seq % 5 === 0).
    expect(admission.probe).toBe('exhaust');
    expect(r.verdicts.find((v) => v.checkId === 'RL-PER-IP-ISOLATION')!.probe).toBeUndefined();
    expect(familyOf('CT-BODY-SCHEMA')).toBe('conformance');
    expect(familyOf('CAP-SLO')).toBe('capacity');
    expect(familyOf('RL-LIMIT-VALUE')).toBe('rate-limit');
  });
});

describe('policyNote', () => {
  it('states a shortened window in numbers, and says nothing for the documented policy', () => {
    const note = policyNote(testPolicy(20, 2000), { limit: 300, windowMs: 60_000 });
    expect(note).toContain('20 requests per 2 s');
    expect(note).toContain('300 per 1 min');
    expect(note).toContain('shortened');
    expect(policyNote(testPolicy(300, 60_000), { limit: 300, windowMs: 60_000 })).toBeUndefined();
    expect(policyNote(testPolicy(20, 2000))).toBeUndefined();
  });
});
