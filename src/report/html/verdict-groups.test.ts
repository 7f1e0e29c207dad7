import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../checks/types';
import type { ReportVerdict } from '../types';
import { certifyResults } from './certify-fixture';
import { aggregateOutcome, countsText, groupVerdicts } from './verdict-groups';

const v = (checkId: string, outcome: Outcome, operationId?: string, severity = 'high'): ReportVerdict => ({
  checkId,
  title: `${checkId} title`,
  severity: severity as ReportVerdict['severity'],
  outcome,
  rule: 'r',
  evidence: [],
  family: checkId.startsWith('CT-') ? 'conformance' : 'rate-limit',
  ...(operationId ? { operationId } : {}),
});

describe('groupVerdicts', () => {
  it('makes one group per check id, counting outcomes across operations', () => {
    const results = certifyResults([]);
    const groups = groupVerdicts(results.verdicts);
    expect(groups).toHaveLength(new Set(results.verdicts.map((x) => x.checkId)).size);
    expect(groups).toHaveLength(29);
    const body = groups.find((g) => g.checkId === 'CT-BODY-SCHEMA');
    expect(body?.outcome).toBe('fail');
    expect(body && countsText(body)).toBe('58 operations: 1 fail, 57 pass');
    expect(body?.verdicts[0]).toMatchObject({ outcome: 'fail', operationId: 'createOrderLock' });
    expect(groups.filter((g) => g.perOperation)).toHaveLength(10);
    expect(groups.reduce((n, g) => n + g.verdicts.length, 0)).toBe(results.verdicts.length);
  });

  it('aggregates fail over warn over pass; skip only when everything skipped', () => {
    expect(aggregateOutcome({ fail: 1, warn: 2, skip: 3, pass: 50 })).toBe('fail');
    expect(aggregateOutcome({ fail: 0, warn: 1, skip: 3, pass: 50 })).toBe('warn');
    expect(aggregateOutcome({ fail: 0, warn: 0, skip: 3, pass: 1 })).toBe('pass');
    expect(aggregateOutcome({ fail: 0, warn: 0, skip: 3, pass: 0 })).toBe('skip');
  });

  it('orders failing checks first, then warnings, then passes with skips, then by severity', () => {
    const groups = groupVerdicts([
      v('RL-A', 'pass', undefined, 'critical'),
      v('CT-X', 'pass', 'op1', 'low'),
      v('CT-X', 'skip', 'op2', 'low'),
      v('CT-Y', 'pass', 'op1'),
      v('CT-Y', 'fail', 'op2'),
      v('RL-B', 'warn'),
      v('RL-C', 'skip'),
    ]);
    expect(groups.map((g) => g.checkId)).toEqual(['CT-Y', 'RL-B', 'RL-C', 'CT-X', 'RL-A']);
    expect(groups[0].verdicts.map((x) => x.operationId)).toEqual(['op2', 'op1']);
    expect(groups.find((g) => g.checkId === 'RL-A')?.perOperation).toBe(false);
  });

  it('takes the most severe verdict as the group severity', () => {
    const [g] = groupVerdicts([v('CT-X', 'pass', 'a', 'low'), v('CT-X', 'pass', 'b', 'critical')]);
    expect(g.severity).toBe('critical');
    expect(countsText(g)).toBe('2 operations: 2 pass');
  });
});
