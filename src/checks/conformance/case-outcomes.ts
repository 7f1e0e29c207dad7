import type { Check } from '../types';
import { AUTH_KINDS, type ConformanceContext, finalRecordPerCase, recordsFor } from './context';
import { clip, type Finding, verdictOf } from './findings';

const describe = (status: number | null, error?: { code: string }): string =>
  status === null ? `no response (${error?.code ?? 'unknown error'})` : String(status);

/** CT-NEGATIVE-REJECTED: every invalid request is refused with a 4xx (the documented one where the case names it). */
export const negativeRejected: Check<ConformanceContext> = {
  id: 'CT-NEGATIVE-REJECTED',
  title: 'Invalid requests are rejected with a 4xx',
  severity: 'high',
  rule: 'Requests that violate the contract (missing/invalid fields, malformed JSON, wrong content type, unknown ids, unsupported method) are answered with a client error, the documented one where it is documented (the validation status of x-pacer-error-shapes, 404 not found, 405).',
  run(records, ctx) {
    const cases = finalRecordPerCase(recordsFor(records, ctx)).filter(
      (r) => r.case?.expectation === 'negative' && !AUTH_KINDS.has(r.case.kind) && r.status !== 429,
    );
    const findings: Finding[] = [];
    for (const r of cases) {
      const c = r.case!;
      // planned from the contract's declared conventions (src/conform/cases.ts), carried by the record
      const expectedStatus = c.expectedStatus;
      const status = r.status;
      const is4xx = status !== null && status >= 400 && status < 500;
      const wrongStatus = expectedStatus !== undefined && status !== expectedStatus;
      // An unknown id is answered by the documented not-found error: 404, or a 4xx the operation lists (P412 user-not-exist is a 400).
      const undocumentedNotFound =
        c.kind === 'unknown-id' &&
        status !== 404 &&
        !ctx.contract.byId.get(r.operationId ?? '')?.responses[String(status)];
      if (is4xx && !wrongStatus && !undocumentedNotFound) continue;
      const expected =
        expectedStatus !== undefined
          ? String(expectedStatus)
          : c.kind === 'unknown-id'
            ? '404 or a documented 4xx'
            : '4xx';
      findings.push({
        record: r,
        key: `${c.kind}:${describe(status, r.error)}`,
        instancePath: c.id.split('/').slice(2).join('/'),
        message: `${r.operationId} ${c.id}: ${c.kind} case answered ${describe(status, r.error)}, expected ${expected}`,
        expected,
        observed:
          status === null ? describe(status, r.error) : `${status} ${clip(r.body ?? r.bodyText ?? '')}`,
      });
    }
    return verdictOf(this, ctx, cases.length, findings, 'no negative cases for this operation');
  },
};

/** CT-POSITIVE-ACCEPTED: valid requests (documented examples, synthesised bodies, real ids) are not refused. */
export const positiveAccepted: Check<ConformanceContext> = {
  id: 'CT-POSITIVE-ACCEPTED',
  title: 'Valid requests are accepted',
  severity: 'high',
  rule: 'A request that conforms to the contract (documented example or schema-valid body, ids from earlier calls) is not answered with a 4xx; a refused example fails, a refused synthesised body warns (a business rule the schema does not state).',
  run(records, ctx) {
    const cases = finalRecordPerCase(recordsFor(records, ctx)).filter(
      (r) =>
        r.case?.expectation === 'positive' && r.status !== 429 && !(r.status !== null && r.status >= 500),
    );
    const findings: Finding[] = [];
    for (const r of cases) {
      const ok = r.status !== null && r.status < 400;
      if (ok) continue;
      const c = r.case!;
      // A refused documented example contradicts the documentation; a refused synthesised body means
      // the schema admits what a business rule forbids (the contract is looser than the API): a warning.
      const synthesised = c.kind !== 'example';
      findings.push({
        record: r,
        ...(synthesised ? { level: 'warn' as const } : {}),
        key: `${c.kind}:${describe(r.status, r.error)}`,
        instancePath: '',
        message: `${r.operationId} ${c.id}: valid ${c.kind} request answered ${describe(r.status, r.error)}${synthesised ? ' (the schema admits a request the API refuses)' : ''}`,
        expected: '2xx/3xx',
        observed:
          r.status === null ? describe(r.status, r.error) : `${r.status} ${clip(r.body ?? r.bodyText ?? '')}`,
      });
    }
    return verdictOf(this, ctx, cases.length, findings, 'no positive cases for this operation');
  },
};
