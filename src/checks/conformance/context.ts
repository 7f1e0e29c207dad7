import type { ContractConventions } from '../../contract/extensions';
import type { Contract } from '../../contract/types';
import type { TraceRecord } from '../../trace/types';
import type { Check } from '../types';

/** What every conformance check is given besides the records. */
export interface ConformanceContext {
  contract: Contract;
  /** The contract's x-pacer-auth and x-pacer-error-shapes, parsed once per run. */
  conventions: ContractConventions;
  /** The operation judged: verdicts are per operation x check. Absent = every operation at once. */
  operationId?: string;
  /** Base URL of the target, for curl reproductions. */
  target: string;
}

/** A conformance check; one judging by the contract's declared conventions says so in its title and rule. */
export interface ConformanceCheck extends Check<ConformanceContext> {
  describe?(conventions: ContractConventions): Pick<Check<ConformanceContext>, 'title' | 'rule'>;
}

/** The checks with title and rule in the words of this contract's conventions. */
export function describedFor(
  checks: readonly ConformanceCheck[],
  conventions: ContractConventions,
): ConformanceCheck[] {
  return checks.map((check) => (check.describe ? { ...check, ...check.describe(conventions) } : check));
}

/** Probe name of conformance records. */
export const CONFORM_PROBE = 'conform';

/** Case kinds whose request is deliberately invalid input (answered with the contract's validation error). */
export const VALIDATION_KINDS = new Set([
  'missing-required',
  'wrong-type',
  'enum',
  'bounds',
  'pattern',
  'format',
  'additional-property',
  'malformed-json',
  'wrong-content-type',
  'query-missing',
  'query-invalid',
  'path-invalid',
]);

export const AUTH_KINDS = new Set(['auth-missing', 'auth-wrong']);

/** Requests that do not exercise the operation itself (another method on its path). */
export const OFF_OPERATION_KINDS = new Set(['wrong-method']);

export function recordsFor(records: readonly TraceRecord[], ctx: ConformanceContext): TraceRecord[] {
  return records.filter(
    (r) => r.probe === CONFORM_PROBE && (ctx.operationId === undefined || r.operationId === ctx.operationId),
  );
}

/** Records answered by the operation (not the wrong-method probes of its path), with a status. */
export function operationResponses(records: readonly TraceRecord[], ctx: ConformanceContext): TraceRecord[] {
  return recordsFor(records, ctx).filter(
    (r) => r.status !== null && !OFF_OPERATION_KINDS.has(r.case?.kind ?? ''),
  );
}

/**
 * The record that settled each case: a case retried after a 429 has several records, and only
 * the last one is the API's answer to the case.
 */
export function finalRecordPerCase(records: readonly TraceRecord[]): TraceRecord[] {
  const last = new Map<string, TraceRecord>();
  for (const r of records) {
    if (!r.case) continue;
    const prev = last.get(r.case.id);
    if (!prev || r.seq > prev.seq) last.set(r.case.id, r);
  }
  return [...last.values()].sort((a, b) => a.seq - b.seq);
}

/** Media type without parameters, lower-cased (`application/json; charset=utf-8` -> `application/json`). */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonMedia(type: string): boolean {
  return type === 'application/json' || /\+json$/.test(type);
}
