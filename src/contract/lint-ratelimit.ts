import type { RateLimitPolicy } from '../policy/types';
import type { SchemaCompiler } from './ajv';
import { summariseIssues, toIssues } from './ajv';
import type { Emit } from './lint-types';
import type { LocatedOperation } from './operations';
import { getAt, isRecord, joinPointer, parsePointer } from './pointer';
import { derefRaw } from './refs';
import type { ResponseSpec } from './types';

export interface RateLimitExpectations {
  headers: RateLimitPolicy['headers'];
  /** The policy's 429 body schema; 429 examples must satisfy it when given. */
  bodySchema?: Record<string, unknown>;
}

/**
 * What pacer's rate-limit checks need from each operation: a success status, a client error
 * (400 or 401) and a 429 whose headers include Retry-After and the three limit headers; and the
 * limit headers declared on every response, because the page promises them on every response.
 */
export function lintRateLimitResponses(
  located: readonly LocatedOperation[],
  raw: unknown,
  expected: RateLimitExpectations,
  compiler: SchemaCompiler,
  emit: Emit,
): void {
  const { headers } = expected;
  const limitHeaders = [headers.limit, headers.remaining, headers.reset];
  const bodyCheck = expected.bodySchema ? compiler.compile(expected.bodySchema) : undefined;
  const checkedResponses = new Set<string>();
  const checked429 = new Set<string>();
  for (const { spec, pointer } of located) {
    const label = `${spec.method.toUpperCase()} ${spec.pathTemplate}`;
    const responsesPointer = joinPointer(pointer, 'responses');
    const error = (rule: string, at: string, message: string) =>
      emit({ severity: 'error', rule, pointer: at, message });
    const statuses = Object.keys(spec.responses);
    if (!statuses.some((s) => /^2(\d\d|XX)$/i.test(s))) {
      error('response-2xx', responsesPointer, `${label} declares no 2xx response`);
    }
    if (!statuses.some((s) => s === '400' || s === '401' || /^4XX$/i.test(s))) {
      error('response-4xx', responsesPointer, `${label} declares neither a 400 nor a 401 response`);
    }
    const tooMany = spec.responses['429'];
    if (!tooMany) error('response-429', responsesPointer, `${label} declares no 429 response`);
    else {
      const at = realPointer(raw, joinPointer(responsesPointer, '429'));
      if (!checked429.has(at)) {
        checked429.add(at);
        const missing = missingHeaders(tooMany.headers, [headers.retryAfter, ...limitHeaders]);
        if (missing.length > 0)
          error(
            '429-headers',
            joinPointer(at, 'headers'),
            `${label}: 429 does not declare ${missing.join(', ')}`,
          );
        if (Object.keys(tooMany.content).length === 0) {
          emit({
            severity: 'warning',
            rule: '429-body',
            pointer: at,
            message: `${label}: 429 documents no body (the page shows a JSON body)`,
          });
        }
        if (bodyCheck) check429Examples(tooMany, at, label, bodyCheck, error);
      }
    }
    for (const [status, response] of Object.entries(spec.responses)) {
      const at = realPointer(raw, joinPointer(responsesPointer, status));
      if (checkedResponses.has(at)) continue;
      checkedResponses.add(at);
      const missing = missingHeaders(response.headers, limitHeaders);
      if (missing.length > 0) {
        const where =
          at === joinPointer(responsesPointer, status) ? label : `${label} and every response using #${at}`;
        error(
          'ratelimit-headers',
          joinPointer(at, 'headers'),
          `${status} response of ${where} does not declare ${missing.join(', ')}`,
        );
      }
    }
  }
}

/** The policy's 429 body is what the checks hold responses to; the contract's examples must agree with it. */
function check429Examples(
  response: ResponseSpec,
  at: string,
  label: string,
  bodyCheck: ReturnType<SchemaCompiler['compile']>,
  error: (rule: string, at: string, message: string) => void,
): void {
  for (const [type, media] of Object.entries(response.content)) {
    for (const [name, example] of Object.entries(media.examples)) {
      if (bodyCheck(example)) continue;
      const detail = summariseIssues(toIssues(bodyCheck.errors));
      error(
        '429-example-policy',
        joinPointer(at, 'content', type),
        `${label}: 429 example "${name}" does not match the policy's tooManyRequests.bodySchema: ${detail}`,
      );
    }
  }
}

function missingHeaders(declared: Record<string, unknown>, wanted: string[]): string[] {
  const have = new Set(Object.keys(declared).map((n) => n.toLowerCase()));
  return wanted.filter((name) => !have.has(name.toLowerCase()));
}

/** Where a response is written: a `$ref`ed response is reported once, at its component. */
function realPointer(raw: unknown, pointer: string): string {
  const value = getAt(raw, parsePointer(pointer));
  if (!isRecord(value)) return pointer;
  return derefRaw(raw, value, pointer)?.pointer ?? pointer;
}
