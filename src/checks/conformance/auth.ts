import type { Check } from '../types';
import { type ConformanceContext, finalRecordPerCase, recordsFor } from './context';
import { clip, type Finding, verdictOf } from './findings';

/** Documented 401 markers: `Access Denied. xo1` (no key), `xo2` (wrong key). */
const MARKER: Record<string, string> = { 'auth-missing': 'xo1', 'auth-wrong': 'xo2' };

/** CT-AUTH: requests without a key or with a wrong key get 401 naming the documented reason code. */
export const authEnforced: Check<ConformanceContext> = {
  id: 'CT-AUTH',
  title: 'Missing and wrong API keys are refused with 401 xo1/xo2',
  severity: 'critical',
  rule: 'Partner API "Authentication": a missing x-api-key gives 401 "Access Denied. xo1", an incorrect one 401 "Access Denied. xo2".',
  run(records, ctx) {
    const cases = finalRecordPerCase(recordsFor(records, ctx)).filter(
      (r) => r.case && r.case.kind in MARKER && r.status !== 429,
    );
    const findings: Finding[] = [];
    for (const r of cases) {
      const kind = r.case!.kind;
      const marker = MARKER[kind];
      const text = r.body !== undefined ? JSON.stringify(r.body) : (r.bodyText ?? '');
      if (r.status === 401 && text.includes(marker)) continue;
      const observed = `${r.status ?? r.error?.code ?? 'no response'} ${clip(r.body ?? r.bodyText ?? '')}`;
      findings.push({
        record: r,
        key: `${kind}:${r.status}`,
        instancePath: r.status === 401 ? '' : undefined,
        message:
          r.status === 401
            ? `${r.operationId}: ${kind} answered 401 without "${marker}" in the body`
            : `${r.operationId}: ${kind} answered ${r.status ?? 'nothing'}, expected 401 ${marker}`,
        expected: `401 Access Denied. ${marker}`,
        observed,
      });
    }
    return verdictOf(this, ctx, cases.length, findings, 'operation needs no API key (no auth cases)');
  },
};
