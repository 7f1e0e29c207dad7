import { describe, expect, it } from 'vitest';
import type { ReportVerdict } from '../report/index';
import { formatVerdictRows, verdictRows } from './verdict-table';

const v = (
  checkId: string,
  outcome: ReportVerdict['outcome'],
  reason: string,
  operationId?: string,
): ReportVerdict => ({
  checkId,
  title: checkId,
  severity: 'high',
  rule: 'r',
  outcome,
  reason,
  evidence: [],
  family: checkId.startsWith('CT-') ? 'conformance' : 'rate-limit',
  ...(operationId ? { operationId } : {}),
});

describe('verdictRows', () => {
  it('folds per-operation verdicts into one row with the worst outcome and its operation', () => {
    const rows = verdictRows({
      verdicts: [
        v('CT-BODY-SCHEMA', 'pass', 'ok', 'a'),
        v('CT-BODY-SCHEMA', 'fail', 'amount is a number', 'b'),
        v('CT-BODY-SCHEMA', 'skip', 'no 2xx', 'c'),
        v('CT-AUTH', 'pass', 'ok', 'a'),
        v('CT-AUTH', 'pass', 'ok', 'b'),
        v('CT-AUTH', 'skip', 'n/a', 'c'),
        v('RL-ADMISSION-EXACT', 'pass', '30 admitted'),
      ],
      warningChecks: [],
    });
    expect(rows).toEqual([
      {
        checkId: 'CT-BODY-SCHEMA',
        outcome: 'fail',
        advisory: false,
        reason: 'b: amount is a number (1 of 3 operations)',
      },
      { checkId: 'CT-AUTH', outcome: 'pass', advisory: false, reason: 'passed (2 operations)' },
      { checkId: 'RL-ADMISSION-EXACT', outcome: 'pass', advisory: false, reason: '30 admitted' },
    ]);
  });

  it('marks a failing warning-level check as advisory and lists failures first', () => {
    const rows = verdictRows({
      verdicts: [v('RL-ADMISSION-EXACT', 'pass', 'fine'), v('RL-NO-CACHE-429', 'fail', 'cacheable\n429')],
      warningChecks: ['RL-NO-CACHE-429'],
    });
    expect(rows.find((r) => r.checkId === 'RL-NO-CACHE-429')).toMatchObject({
      outcome: 'fail',
      advisory: true,
      reason: 'cacheable 429',
    });
    const text = formatVerdictRows(rows, 80).split('\n');
    expect(text[0]).toMatch(/^check\s+outcome\s+reason$/);
    expect(text[1]).toMatch(/^RL-NO-CACHE-429\s+FAIL \(warning\)\s+cacheable 429$/);
    expect(text[2]).toMatch(/^RL-ADMISSION-EXACT\s+PASS\s+fine$/);
  });

  it('clips long reasons to the terminal width', () => {
    const rows = verdictRows({ verdicts: [v('RL-X', 'fail', 'y'.repeat(500))], warningChecks: [] });
    const line = formatVerdictRows(rows, 100).split('\n')[1];
    expect(line.length).toBeLessThanOrEqual(100);
    expect(line.endsWith('...')).toBe(true);
  });
});
