import { parseNonNegativeInt } from '../../ratelimit/headers';
import { RECORDED_HEADER_NAMES, type TraceRecord } from '../../trace/types';
import type { Check } from '../types';
import { type ConformanceContext, recordsFor } from './context';
import { clip, type Finding, verdictOf } from './findings';

const RATE_LIMIT_HEADERS: Array<[keyof TraceRecord['headers'], string]> = [
  ['limit', 'X-RateLimit-Limit'],
  ['remaining', 'X-RateLimit-Remaining'],
  ['reset', 'X-RateLimit-Reset'],
];

/**
 * CT-HEADERS: the response headers documented for the status are present and valid, and the three
 * X-RateLimit-* headers the Rate Limiting page promises on every response are there (including
 * 4xx, 5xx and answers to methods the path does not support).
 */
export const headersDocumented: Check<ConformanceContext> = {
  id: 'CT-HEADERS',
  title: 'Documented response headers are present and valid',
  severity: 'medium',
  rule: 'OpenAPI 3.1 Header Objects of the response (required, schema); Rate Limiting page: X-RateLimit-Limit/Remaining/Reset on every API response.',
  run(records, ctx) {
    const judged = recordsFor(records, ctx).filter((r) => r.status !== null);
    const findings: Finding[] = [];
    for (const r of judged) {
      const opId = r.operationId ?? '';
      for (const [key, name] of RATE_LIMIT_HEADERS) {
        const value = r.headers[key];
        if (value === null) {
          findings.push({
            record: r,
            key: `missing:${name}`,
            header: name,
            message: `${opId} ${r.status}: ${name} missing`,
            expected: 'present',
            observed: '(absent)',
          });
        } else if (!parseNonNegativeInt(value).ok) {
          findings.push({
            record: r,
            key: `invalid:${name}`,
            header: name,
            message: `${opId} ${r.status}: ${name} is not a non-negative integer`,
            expected: 'non-negative integer',
            observed: clip(value),
          });
        }
      }
      if (r.case?.kind === 'wrong-method' || !ctx.contract.byId.has(opId) || r.status === null) continue;
      const headers = r.responseHeaders ?? recordedAsHeaders(r);
      for (const issue of ctx.contract.validators.responseHeaders(opId, r.status, headers)) {
        const name = issue.instancePath.split('/')[1] ?? '';
        if (RATE_LIMIT_HEADERS.some(([, n]) => n.toLowerCase() === name.toLowerCase())) continue;
        findings.push({
          record: r,
          key: `contract:${issue.schemaPath}:${name}`,
          header: name,
          instancePath: issue.instancePath,
          schemaPath: issue.schemaPath,
          message: `${opId} ${r.status}: ${issue.message}`,
          observed: clip(issue.value),
        });
      }
    }
    return verdictOf(this, ctx, judged.length, findings);
  },
};

function recordedAsHeaders(r: TraceRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(RECORDED_HEADER_NAMES) as Array<
    [keyof TraceRecord['headers'], string]
  >) {
    const value = r.headers[key];
    if (value !== null) out[name] = value;
  }
  return out;
}
