import type { TraceRecord } from '../trace/types';
import { firstSkipReason, type Guard } from './guards';
import type { Check, Severity, Verdict, VerdictBody } from './types';

export interface CheckSpec<C> {
  id: string;
  title: string;
  severity: Severity;
  rule: string;
  /** Checked in order before `run`; the first objection becomes a skip verdict. */
  guards?: Guard<C>[];
  run(records: readonly TraceRecord[], ctx: C): VerdictBody;
  /** Adds family-wide fields (profile, reproduction) to every verdict, skips included. */
  decorate?(verdict: Verdict, ctx: C): Verdict;
}

/** A Check from a spec: guards first, then the rule, then the family's decoration. */
export function defineCheck<C>(spec: CheckSpec<C>): Check<C> {
  const head = { checkId: spec.id, title: spec.title, severity: spec.severity, rule: spec.rule };
  return {
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    rule: spec.rule,
    run(records, ctx) {
      const skip = firstSkipReason(spec.guards ?? [], records, ctx);
      const body: VerdictBody =
        skip === null ? spec.run(records, ctx) : { outcome: 'skip', reason: skip, evidence: [] };
      const verdict: Verdict = { ...head, ...body };
      return spec.decorate ? spec.decorate(verdict, ctx) : verdict;
    },
  };
}
