import type { Check, Evidence, Verdict } from '../../checks/types';
import type { TraceRecord } from '../../trace/types';
import { curlFor } from '../repro';
import type { ConformanceContext } from './context';

/** One problem seen on one record, before deduplication. */
export interface Finding {
  record: TraceRecord;
  message: string;
  /** Deduplication key within the check and operation (schema path, header, status...). */
  key: string;
  instancePath?: string;
  schemaPath?: string;
  expected?: string;
  observed?: string;
  header?: string;
  /** `warn`: worth reading, not a contract violation on its own. */
  level?: 'warn';
}

const MAX_OBSERVED = 200;

export function clip(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_OBSERVED ? `${text.slice(0, MAX_OBSERVED)}...` : text;
}

/** The fields every conformance verdict starts from: the check's own, and the operation judged. */
function verdictHead(check: Check<ConformanceContext>, ctx: ConformanceContext) {
  return {
    checkId: check.id,
    title: check.title,
    severity: check.severity,
    rule: check.rule,
    ...(ctx.operationId ? { operationId: ctx.operationId } : {}),
  };
}

/**
 * A fail naming the first problem of a malformed pacer extension the check reads, or null. Judging by a
 * half-read convention would pass or fail the target for the contract's mistake.
 */
export function contractProblemVerdict(
  check: Check<ConformanceContext>,
  ctx: ConformanceContext,
  extension: string,
): Verdict | null {
  const problems = ctx.conventions.problems.filter(
    (p) =>
      p.severity === 'error' && (p.pointer === `/${extension}` || p.pointer.startsWith(`/${extension}/`)),
  );
  if (problems.length === 0) return null;
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  const message = `the contract's ${extension} is malformed at ${first.pointer}: ${first.message}${more}; run pacer contract lint`;
  return {
    ...verdictHead(check, ctx),
    outcome: 'fail',
    reason: message,
    evidence: [{ seq: [], message }],
  };
}

/**
 * Turns findings into one verdict: identical problems (same key) collapse into one evidence item
 * listing every record they were seen on, so a drift repeated on 40 responses reads as one line x40.
 */
export function verdictOf(
  check: Check<ConformanceContext>,
  ctx: ConformanceContext,
  judged: number,
  findings: readonly Finding[],
  skipReason = 'no applicable responses',
): Verdict {
  const base = verdictHead(check, ctx);
  if (judged === 0 && findings.length === 0)
    return { ...base, outcome: 'skip', reason: skipReason, evidence: [] };
  if (findings.length === 0) {
    return { ...base, outcome: 'pass', reason: `${judged} response(s) conform`, evidence: [] };
  }
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.key);
    if (list) list.push(f);
    else groups.set(f.key, [f]);
  }
  const evidence: Evidence[] = [...groups.values()].map((group) => {
    const first = group[0];
    const times = group.length > 1 ? ` (seen ${group.length} times)` : '';
    return {
      seq: group.map((f) => f.record.seq),
      message: `${first.message}${times}`,
      operationId: first.record.operationId ?? ctx.operationId,
      ...(first.instancePath !== undefined ? { instancePath: first.instancePath } : {}),
      ...(first.schemaPath !== undefined ? { schemaPath: first.schemaPath } : {}),
      ...(first.expected !== undefined ? { expected: first.expected } : {}),
      ...(first.observed !== undefined ? { observed: first.observed } : {}),
      ...(first.header !== undefined ? { header: first.header } : {}),
      atMs: first.record.sentMs,
    };
  });
  const failing = findings.filter((f) => f.level !== 'warn');
  const first = failing[0] ?? findings[0];
  const distinct = groups.size;
  return {
    ...base,
    outcome: failing.length > 0 ? 'fail' : 'warn',
    reason: `${distinct} distinct problem(s) on ${findings.length} response(s): ${first.message}`,
    evidence,
    repro: curlFor(first.record, ctx.target).command,
  };
}
