import type { Check } from '../types';
import { type ConformanceContext, recordsFor } from './context';
import { clip, type Finding, verdictOf } from './findings';

/** CT-NO-5XX: no request, valid or not, makes the server fail (5xx or a broken exchange). */
export const noServerErrors: Check<ConformanceContext> = {
  id: 'CT-NO-5XX',
  title: 'No server errors',
  severity: 'critical',
  rule: 'Whatever the input, the API answers with a documented 2xx/4xx; a 5xx or a dropped connection is a server fault.',
  run(records, ctx) {
    const judged = recordsFor(records, ctx);
    const findings: Finding[] = [];
    for (const r of judged) {
      if (r.status !== null && r.status < 500) continue;
      const what =
        r.status === null
          ? `no response (${r.error?.code ?? 'error'}: ${r.error?.message ?? ''})`
          : `${r.status}`;
      findings.push({
        record: r,
        key: r.status === null ? `error:${r.error?.code}` : String(r.status),
        instancePath: '',
        message: `${r.operationId} ${r.case?.id ?? r.path}: ${what}`,
        expected: 'a status below 500',
        observed: r.status === null ? what : `${r.status} ${clip(r.body ?? r.bodyText ?? '')}`,
      });
    }
    return verdictOf(this, ctx, judged.length, findings);
  },
};

/** CT-NO-429: the runner paced itself within its budget, so it never hit the limit. */
export const noTooManyRequests: Check<ConformanceContext> = {
  id: 'CT-NO-429',
  title: 'The conformance run caused no 429',
  severity: 'medium',
  rule: 'The runner spends at most its budget share of the documented quota per window per source, so the target should never answer 429; a 429 means the advertised headers misled the pacing or the limit is lower than documented.',
  run(records, ctx) {
    const judged = recordsFor(records, ctx);
    const findings: Finding[] = judged
      .filter((r) => r.status === 429)
      .map((r) => ({
        record: r,
        key: '429',
        message: `${r.operationId}: 429 at seq ${r.seq} (Remaining was followed, budget share respected)`,
        expected: 'no 429',
        observed: `429 Retry-After ${r.headers.retryAfter ?? '(absent)'}`,
        header: 'retry-after',
      }));
    return verdictOf(this, ctx, judged.length, findings);
  },
};
