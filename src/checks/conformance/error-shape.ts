import type { AuthConvention, BodyRule, ErrorShapes } from '../../contract/extensions';
import { ERROR_SHAPES } from '../../contract/extensions';
import { escapeToken, isRecord } from '../../contract/pointer';
import type { TraceRecord } from '../../trace/types';
import {
  AUTH_KINDS,
  type ConformanceCheck,
  finalRecordPerCase,
  operationResponses,
  VALIDATION_KINDS,
} from './context';
import { clip, contractProblemVerdict, type Finding, verdictOf } from './findings';

/** The rate-limit answer has its own documented body, judged by the RL-* checks. */
const TOO_MANY_REQUESTS = 429;

/**
 * CT-ERROR-SHAPE: error bodies follow the contract's x-pacer-error-shapes. Answers to deliberately
 * invalid input (the bad-input cases) follow `validation`, every other 4xx follows `business`;
 * the auth statuses (CT-AUTH) and 429 (the rate-limit checks) have their own bodies.
 */
export const errorShape: ConformanceCheck = {
  id: 'CT-ERROR-SHAPE',
  title: 'Error bodies follow the documented error shapes',
  severity: 'medium',
  rule: 'x-pacer-error-shapes: answers to invalid input follow its validation shape, other 4xx errors its business shape.',
  describe(conventions) {
    return { title: this.title, rule: describeShapes(conventions.errorShapes, conventions.auth) };
  },
  run(records, ctx) {
    const { errorShapes: shapes, auth } = ctx.conventions;
    const skipped = skippedStatuses(auth);
    const errors = operationResponses(records, ctx).filter(
      (r) => r.status !== null && r.status >= 400 && r.status < 500 && !skipped.includes(r.status),
    );
    const finals = new Set(finalRecordPerCase(errors).map((r) => r.seq));
    const candidates = errors
      .filter((r) => !r.case || finals.has(r.seq))
      .filter((r) => !AUTH_KINDS.has(r.case?.kind ?? ''));
    if (candidates.length > 0) {
      const broken = contractProblemVerdict(this, ctx, ERROR_SHAPES);
      if (broken) return broken;
    }
    if (!shapes) return verdictOf(this, ctx, 0, [], `the contract declares no ${ERROR_SHAPES}`);
    let judged = 0;
    const findings: Finding[] = [];
    for (const r of candidates) {
      const invalidInput = VALIDATION_KINDS.has(r.case?.kind ?? '');
      // Without a validation shape, an answer to invalid input is one more business error.
      const problem =
        invalidInput && shapes.validation
          ? validationProblem(r, shapes.validation)
          : shapes.business
            ? businessProblem(r, shapes.business)
            : undefined;
      if (problem === undefined) continue;
      judged++;
      if (problem) findings.push({ record: r, ...problem, observed: clip(r.body ?? r.bodyText ?? '') });
    }
    const none = shapes.business
      ? `no 4xx error responses (other than ${skipped.join('/')}) to judge`
      : 'no 4xx answers to invalid input to judge';
    return verdictOf(this, ctx, judged, findings, none);
  },
};

type Problem = Pick<Finding, 'key' | 'message' | 'instancePath' | 'expected'>;

/** Statuses answered with bodies of their own: the declared auth statuses and 429. */
function skippedStatuses(auth: AuthConvention): number[] {
  return [...new Set([auth.missing.status, auth.wrong.status, TOO_MANY_REQUESTS])].sort((a, b) => a - b);
}

function validationProblem(r: TraceRecord, shape: NonNullable<ErrorShapes['validation']>): Problem | null {
  const label = `${r.operationId} ${r.case?.kind ?? ''} case`;
  const expected = shapeText(shape);
  if (shape.status !== undefined && r.status !== shape.status) {
    return {
      key: `validation-status:${r.status}`,
      instancePath: '',
      message: `${label} answered ${r.status}; validation errors are declared as ${shape.status} ${expected}`,
      expected: `${shape.status} ${expected}`,
    };
  }
  return bodyProblem(r.body, shape, 'validation', label, expected);
}

function businessProblem(r: TraceRecord, shape: NonNullable<ErrorShapes['business']>): Problem | null {
  const label = `${r.operationId} ${r.status}`;
  const b = r.body;
  if (!isRecord(b)) return bodyProblem(b, shape, `business:${r.status}`, label, shapeText(shape));
  const i = shape.exceptions.findIndex((e) => Object.entries(e.when).every(([f, v]) => b[f] === v));
  if (i < 0) return bodyProblem(b, shape, 'business', label, shapeText(shape));
  const exception = shape.exceptions[i];
  return bodyProblem(
    b,
    exception.rule,
    `business-exception${i}`,
    `${label} (${whenText(exception.when)})`,
    shapeText(exception.rule),
  );
}

/** The first way the body breaks the rule, in the order const, pattern, required, absent. */
function bodyProblem(
  body: unknown,
  rule: BodyRule,
  side: string,
  label: string,
  expected: string,
): Problem | null {
  if (!isRecord(body)) {
    return {
      key: `${side}-not-object`,
      instancePath: '',
      message: `${label}: error body is not a JSON object`,
      expected,
    };
  }
  const at = (kind: string, field: string, message: string, want: string): Problem => ({
    key: `${side.split(':')[0]}-${kind}:${field}`,
    instancePath: `/${escapeToken(field)}`,
    message: `${label}: ${message}`,
    expected: want,
  });
  for (const [field, value] of Object.entries(rule.const)) {
    if (body[field] !== value)
      return at(
        'const',
        field,
        `${field} is ${clip(body[field])}, not ${JSON.stringify(value)}`,
        JSON.stringify(value),
      );
  }
  for (const [field, re] of Object.entries(rule.pattern)) {
    const value = body[field];
    if (typeof value !== 'string' || !re.test(value))
      return at(
        'pattern',
        field,
        `${field} ${clip(value)} does not match /${re.source}/`,
        `a string matching /${re.source}/`,
      );
  }
  for (const field of rule.required) {
    const value = body[field];
    if (typeof value !== 'string' || value === '')
      return at('required', field, `${field} missing or empty`, 'non-empty string');
  }
  for (const field of rule.absent) {
    if (Object.hasOwn(body, field))
      return at('absent', field, `carries ${field}, which the shape leaves out`, 'absent');
  }
  return null;
}

/** `{errorCode: "P403", errorMessage} without errorName`: a rule as a reader would write it. */
function shapeText(rule: BodyRule): string {
  const parts = new Map<string, string>();
  for (const [f, v] of Object.entries(rule.const)) parts.set(f, `${f}: ${JSON.stringify(v)}`);
  for (const [f, re] of Object.entries(rule.pattern)) if (!parts.has(f)) parts.set(f, `${f}: /${re.source}/`);
  for (const f of rule.required) if (!parts.has(f)) parts.set(f, f);
  const without = rule.absent.length > 0 ? ` without ${rule.absent.join(', ')}` : '';
  return `{${[...parts.values()].join(', ')}}${without}`;
}

function whenText(when: Record<string, unknown>): string {
  return Object.entries(when)
    .map(([f, v]) => `${f} ${JSON.stringify(v)}`)
    .join(', ');
}

function describeShapes(shapes: ErrorShapes | null, auth: AuthConvention): string {
  if (!shapes) return `The contract declares no ${ERROR_SHAPES}: error bodies are not judged.`;
  const { validation, business } = shapes;
  const invalid = validation
    ? `answers to invalid input are ${validation.status ?? 'any 4xx'} ${shapeText(validation)}`
    : 'answers to invalid input follow the business shape';
  let others = 'other errors are not judged';
  if (business) {
    const exceptions = business.exceptions.map((e) => `${whenText(e.when)}: ${shapeText(e.rule)}`);
    const except = exceptions.length > 0 ? ` (except ${exceptions.join('; ')})` : '';
    others = `other 4xx errors (not ${skippedStatuses(auth).join('/')}) are ${shapeText(business)}${except}`;
  }
  return `Contract ${ERROR_SHAPES}: ${invalid}; ${others}.`;
}
