import type { Check } from '../types';
import { type ConformanceContext, mediaType, operationResponses } from './context';
import { type Finding, verdictOf } from './findings';

/** CT-CONTENT-TYPE: a response with a body carries a content type the contract documents for that status. */
export const contentTypeDocumented: Check<ConformanceContext> = {
  id: 'CT-CONTENT-TYPE',
  title: 'Response Content-Type is documented',
  severity: 'medium',
  rule: 'OpenAPI 3.1 Response Object `content`: a body is sent with one of the media types documented for its status.',
  run(records, ctx) {
    let judged = 0;
    const findings: Finding[] = [];
    for (const r of operationResponses(records, ctx)) {
      const response =
        r.status === null ? undefined : ctx.contract.responseFor(r.operationId ?? '', r.status);
      const documented = Object.keys(response?.content ?? {}).map((t) => t.toLowerCase());
      if (!response || documented.length === 0 || r.bodySize === 0) continue;
      judged++;
      const actual = mediaType(r.headers.contentType);
      if (
        documented.some(
          (t) => t === actual || t === '*/*' || (t.endsWith('/*') && actual.startsWith(t.slice(0, -1))),
        )
      )
        continue;
      findings.push({
        record: r,
        key: `${r.status}:${actual}`,
        header: 'content-type',
        message: `${r.operationId} ${r.status}: Content-Type ${actual || '(none)'} is not documented (expected ${documented.join(' or ')})`,
        expected: documented.join(', '),
        observed: r.headers.contentType ?? '(absent)',
      });
    }
    return verdictOf(this, ctx, judged, findings, 'no response bodies with a documented content type');
  },
};
