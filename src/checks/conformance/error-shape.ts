import type { TraceRecord } from '../../trace/types';
import type { Check } from '../types';
import {
  AUTH_KINDS,
  type ConformanceContext,
  finalRecordPerCase,
  operationResponses,
  VALIDATION_KINDS,
} from './context';
import { clip, type Finding, verdictOf } from './findings';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const CODE = /^P\d{3}$/;

/**
 * CT-ERROR-SHAPE: the Error Handling page's two error bodies. Invalid input is answered with
 * HTTP 400 and `{errorCode: "P403", errorMessage}` (no errorName); every other business error
 * carries `{errorCode, errorName, errorMessage}`. 401 (auth) and 429 (rate limit) have their own
 * documented bodies and are judged by CT-AUTH and the rate-limit checks.
 */
export const errorShape: Check<ConformanceContext> = {
  id: 'CT-ERROR-SHAPE',
  title: 'Error bodies follow the documented error shapes',
  severity: 'medium',
  rule: 'Partner API "Error Handling": validation errors are 400 {errorCode:"P403", errorMessage} without errorName; business errors are {errorCode, errorName, errorMessage}.',
  run(records, ctx) {
    const errors = operationResponses(records, ctx).filter(
      (r) => r.status !== null && r.status >= 400 && r.status < 500 && r.status !== 401 && r.status !== 429,
    );
    const finals = new Set(finalRecordPerCase(errors).map((r) => r.seq));
    const judged = errors
      .filter((r) => !r.case || finals.has(r.seq))
      .filter((r) => !AUTH_KINDS.has(r.case?.kind ?? ''));
    const findings: Finding[] = [];
    for (const r of judged) {
      const problem = VALIDATION_KINDS.has(r.case?.kind ?? '') ? validationProblem(r) : businessProblem(r);
      if (problem) findings.push({ record: r, ...problem, observed: clip(r.body ?? r.bodyText ?? '') });
    }
    return verdictOf(
      this,
      ctx,
      judged.length,
      findings,
      'no 4xx error responses (other than 401/429) to judge',
    );
  },
};

type Problem = Pick<Finding, 'key' | 'message' | 'instancePath' | 'expected'>;

function validationProblem(r: TraceRecord): Problem | null {
  const label = `${r.operationId} ${r.case?.kind ?? ''} case`;
  if (r.status !== 400) {
    return {
      key: `validation-status:${r.status}`,
      instancePath: '',
      message: `${label} answered ${r.status}; validation errors are documented as 400 P403`,
      expected: '400 with errorCode P403',
    };
  }
  const b = r.body;
  if (!isRecord(b))
    return {
      key: 'validation-not-object',
      instancePath: '',
      message: `${label}: 400 body is not a JSON object`,
      expected: '{errorCode: "P403", errorMessage}',
    };
  if (b.errorCode !== 'P403')
    return {
      key: 'validation-code',
      instancePath: '/errorCode',
      message: `${label}: errorCode is ${clip(b.errorCode)}, not "P403"`,
      expected: '"P403"',
    };
  if (typeof b.errorMessage !== 'string' || b.errorMessage.length === 0) {
    return {
      key: 'validation-message',
      instancePath: '/errorMessage',
      message: `${label}: errorMessage missing or empty`,
      expected: 'non-empty string',
    };
  }
  if ('errorName' in b)
    return {
      key: 'validation-name',
      instancePath: '/errorName',
      message: `${label}: P403 carries errorName, which validation errors omit`,
      expected: 'absent',
    };
  return null;
}

function businessProblem(r: TraceRecord): Problem | null {
  const label = `${r.operationId} ${r.status}`;
  const b = r.body;
  if (!isRecord(b))
    return {
      key: `business-not-object:${r.status}`,
      instancePath: '',
      message: `${label}: error body is not a JSON object`,
      expected: '{errorCode, errorName, errorMessage}',
    };
  if (typeof b.errorCode !== 'string' || !CODE.test(b.errorCode)) {
    return {
      key: 'business-code',
      instancePath: '/errorCode',
      message: `${label}: errorCode ${clip(b.errorCode)} is not a P-code`,
      expected: 'P followed by three digits',
    };
  }
  if (b.errorCode === 'P403') {
    if (typeof b.errorMessage === 'string') return null;
    return {
      key: 'business-p403-message',
      instancePath: '/errorMessage',
      message: `${label}: P403 without errorMessage`,
      expected: 'string',
    };
  }
  for (const field of ['errorName', 'errorMessage']) {
    if (typeof b[field] !== 'string' || (b[field] as string).length === 0) {
      return {
        key: `business-${field}`,
        instancePath: `/${field}`,
        message: `${label}: ${b.errorCode} lacks ${field}`,
        expected: 'non-empty string',
      };
    }
  }
  return null;
}
