import type { Check } from '../types';
import { type ConformanceContext, operationResponses } from './context';
import { type Finding, verdictOf } from './findings';

/** CT-STATUS-DOCUMENTED: every status the operation answers with is documented (exact, range or default). */
export const statusDocumented: Check<ConformanceContext> = {
  id: 'CT-STATUS-DOCUMENTED',
  title: 'Response status is documented for the operation',
  severity: 'high',
  rule: 'OpenAPI 3.1 Responses Object: each status returned must be listed for the operation (exact code, NXX range or default).',
  run(records, ctx) {
    const judged = operationResponses(records, ctx);
    const findings: Finding[] = [];
    for (const r of judged) {
      const opId = r.operationId ?? '';
      if (!ctx.contract.byId.has(opId) || r.status === null) continue;
      if (ctx.contract.responseFor(opId, r.status)) continue;
      const documented = Object.keys(ctx.contract.byId.get(opId)?.responses ?? {}).join(', ');
      findings.push({
        record: r,
        key: String(r.status),
        message: `${opId} answered ${r.status}, which it does not document (documented: ${documented})`,
        expected: documented,
        observed: String(r.status),
      });
    }
    return verdictOf(this, ctx, judged.length, findings);
  },
};
