import { evaluateOperations } from '../../conform/evaluate-operations';
import { readConventions } from '../../contract/extensions';
import { CUSTOM_API } from '../../contract/test-support/custom-conventions';
import type { Contract } from '../../contract/types';
import type { TraceRecord } from '../../trace/types';
import { makeRecord } from '../rate-limit/test-helpers';
import type { Verdict } from '../types';
import type { ConformanceCheck } from './context';
import { CONFORM_PROBE } from './context';

export const OPERATION = 'getThing';

/** A conformance record of one generated case (or of no case: a flow call) answered with `status` and `body`. */
export function answer(seq: number, kind: string | null, status: number | null, body?: unknown): TraceRecord {
  return makeRecord({
    seq,
    probe: CONFORM_PROBE,
    operationId: OPERATION,
    status,
    ...(body !== undefined ? { body } : {}),
    ...(kind ? { case: { id: `${OPERATION}/${kind}/${seq}`, expectation: 'negative' as const, kind } } : {}),
  });
}

/**
 * One check's verdict over the records, through the runner's own evaluation: the conventions are
 * read from `document` (an OpenAPI root, only its pacer extensions matter) as a real run reads them.
 */
export function judge(
  check: ConformanceCheck,
  document: Record<string, unknown>,
  records: TraceRecord[],
): Verdict {
  // Only the conventions are read on the way to these checks.
  const contract = { document, conventions: readConventions(document) } as unknown as Contract;
  const [verdict] = evaluateOperations([check], records, contract, [OPERATION], 'http://127.0.0.1:9');
  return verdict;
}

/** The Partner API's conventions as conformance/partner-api.yaml declares them. */
export const PARTNER_API = {
  'x-pacer-auth': {
    missing: { status: 401, bodyContains: 'xo1' },
    wrong: { status: 401, bodyContains: 'xo2' },
  },
  'x-pacer-error-shapes': {
    validation: {
      status: 400,
      const: { errorCode: 'P403' },
      required: ['errorMessage'],
      absent: ['errorName'],
    },
    business: {
      required: ['errorCode', 'errorName', 'errorMessage'],
      pattern: { errorCode: '^P\\d{3}$' },
      exceptions: [{ when: { errorCode: 'P403' }, required: ['errorMessage'] }],
    },
  },
};

export { CUSTOM_API };
