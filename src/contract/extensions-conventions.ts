/**
 * The two root-level pacer extensions that state an API's error conventions, so CT-AUTH and
 * CT-ERROR-SHAPE judge any API by its contract instead of by code written for one of them:
 *
 * - `x-pacer-auth: {missing: {status, bodyContains?}, wrong: {status, bodyContains?}}`;
 * - `x-pacer-error-shapes: {validation?: {status?, ...rule}, business?: {...rule, exceptions?: [{when, ...rule}]}}`
 *   where a rule is `{const?: {field: scalar}, pattern?: {field: regex}, required?: [field], absent?: [field]}`.
 *
 * Parsed here and nowhere else: the conformance checks read the value, `pacer contract lint` the problems.
 */
import type { ExtensionProblem } from './extensions';
import { isRecord, joinPointer } from './pointer';

export const AUTH = 'x-pacer-auth';
export const ERROR_SHAPES = 'x-pacer-error-shapes';
/** Extensions read at the document root only. */
export const ROOT_EXTENSIONS: readonly string[] = [AUTH, ERROR_SHAPES];

export type Scalar = string | number | boolean | null;

/** What a request without a key (`missing`) or with a wrong one (`wrong`) is answered with. */
export interface AuthAnswer {
  status: number;
  /** A text the body must contain (anywhere in its JSON or raw text), e.g. a reason code. */
  bodyContains?: string;
}

export interface AuthConvention {
  missing: AuthAnswer;
  wrong: AuthAnswer;
  /** false: the contract has no x-pacer-auth and both answers are the bare default (401). */
  declared: boolean;
}

/** A declarative rule on a JSON object error body; fields are top-level property names. */
export interface BodyRule {
  /** Fields that must equal the value. */
  const: Record<string, Scalar>;
  /** Fields that must be strings matching the regex. */
  pattern: Record<string, RegExp>;
  /** Fields that must be non-empty strings. */
  required: string[];
  /** Fields that must not be present. */
  absent: string[];
}

export interface ValidationShape extends BodyRule {
  /** The status invalid input is answered with; undefined: any judged 4xx. */
  status?: number;
}

export interface ShapeException {
  /** Applies to a business error whose fields equal these values. */
  when: Record<string, Scalar>;
  rule: BodyRule;
}

export interface BusinessShape extends BodyRule {
  /** First match wins; its rule replaces the business rule. */
  exceptions: ShapeException[];
}

/** At least one part is present. */
export interface ErrorShapes {
  validation?: ValidationShape;
  business?: BusinessShape;
}

export interface ContractConventions {
  auth: AuthConvention;
  /** null: the contract declares no x-pacer-error-shapes (CT-ERROR-SHAPE skips). */
  errorShapes: ErrorShapes | null;
  /** Problems of either extension, pointers from the document root. */
  problems: ExtensionProblem[];
}

export const DEFAULT_AUTH_STATUS = 401;

type Bad = (pointer: string, why: string) => void;

/** Reads both extensions from the root of an OpenAPI document (raw or `$ref`-resolved). */
export function readConventions(document: unknown): ContractConventions {
  const root = isRecord(document) ? document : {};
  const problems: ExtensionProblem[] = [];
  const badFor =
    (name: string): Bad =>
    (pointer, why) =>
      problems.push({ severity: 'error', pointer, message: `${name}: ${why}` });
  return {
    auth: readAuth(root[AUTH], joinPointer('', AUTH), badFor(AUTH)),
    errorShapes: readErrorShapes(root[ERROR_SHAPES], joinPointer('', ERROR_SHAPES), badFor(ERROR_SHAPES)),
    problems,
  };
}

function readAuth(raw: unknown, at: string, bad: Bad): AuthConvention {
  const fallback = { status: DEFAULT_AUTH_STATUS };
  if (raw === undefined) return { missing: fallback, wrong: fallback, declared: false };
  if (!isRecord(raw)) {
    bad(at, 'must be a map {missing: {status, bodyContains?}, wrong: {status, bodyContains?}}');
    return { missing: fallback, wrong: fallback, declared: true };
  }
  unknownKeys(raw, ['missing', 'wrong'], at, bad);
  const answer = (key: 'missing' | 'wrong'): AuthAnswer => {
    const here = joinPointer(at, key);
    const value = raw[key];
    if (value === undefined) return fallback;
    if (!isRecord(value)) {
      bad(here, `${key} must be a map {status, bodyContains?}`);
      return fallback;
    }
    unknownKeys(value, ['status', 'bodyContains'], here, bad);
    const status = readStatus(value, here, bad, true) ?? DEFAULT_AUTH_STATUS;
    if (value.bodyContains === undefined) return { status };
    if (typeof value.bodyContains !== 'string' || value.bodyContains === '') {
      bad(joinPointer(here, 'bodyContains'), 'bodyContains must be a non-empty string');
      return { status };
    }
    return { status, bodyContains: value.bodyContains };
  };
  return { missing: answer('missing'), wrong: answer('wrong'), declared: true };
}

const RULE_KEYS = ['const', 'pattern', 'required', 'absent'];

function readErrorShapes(raw: unknown, at: string, bad: Bad): ErrorShapes | null {
  if (raw === undefined) return null;
  if (!isRecord(raw) || (raw.validation === undefined && raw.business === undefined)) {
    bad(at, 'must be a map with validation and/or business');
    return null;
  }
  unknownKeys(raw, ['validation', 'business'], at, bad);
  const shapes: ErrorShapes = {};
  if (raw.validation !== undefined) {
    const here = joinPointer(at, 'validation');
    const v = raw.validation;
    if (!isRecord(v)) bad(here, 'validation must be a map {status?, const?, pattern?, required?, absent?}');
    else {
      unknownKeys(v, ['status', ...RULE_KEYS], here, bad);
      const status = readStatus(v, here, bad, false);
      shapes.validation = { ...readRule(v, here, bad), ...(status !== undefined ? { status } : {}) };
    }
  }
  if (raw.business !== undefined) {
    const here = joinPointer(at, 'business');
    const b = raw.business;
    if (!isRecord(b)) bad(here, 'business must be a map {const?, pattern?, required?, absent?, exceptions?}');
    else {
      unknownKeys(b, [...RULE_KEYS, 'exceptions'], here, bad);
      shapes.business = { ...readRule(b, here, bad), exceptions: readExceptions(b.exceptions, here, bad) };
    }
  }
  return shapes.validation || shapes.business ? shapes : null;
}

function readExceptions(raw: unknown, at: string, bad: Bad): ShapeException[] {
  if (raw === undefined) return [];
  const here = joinPointer(at, 'exceptions');
  if (!Array.isArray(raw)) {
    bad(here, 'exceptions must be a list of {when: {field: value}, const?, pattern?, required?, absent?}');
    return [];
  }
  const out: ShapeException[] = [];
  raw.forEach((entry, i) => {
    const at = joinPointer(here, i);
    if (!isRecord(entry)) {
      bad(at, `exception ${i} must be a map {when, const?, pattern?, required?, absent?}`);
      return;
    }
    unknownKeys(entry, ['when', ...RULE_KEYS], at, bad);
    const rule = readRule(entry, at, bad);
    if (entry.when === undefined) {
      bad(at, `exception ${i} needs when: {field: value}`);
      return;
    }
    const whenAt = joinPointer(at, 'when');
    const when = readScalars(entry.when, whenAt, 'when', bad);
    if (when === undefined) return;
    // A half-read condition would apply the lighter rule to more errors than the author meant.
    if (Object.keys(when).length !== Object.keys(entry.when as object).length) return;
    if (Object.keys(when).length === 0) bad(whenAt, `exception ${i}: when must name at least one field`);
    else out.push({ when, rule });
  });
  return out;
}

function readRule(raw: Record<string, unknown>, at: string, bad: Bad): BodyRule {
  const rule: BodyRule = {
    const: readScalars(raw.const, joinPointer(at, 'const'), 'const', bad) ?? {},
    pattern: readPatterns(raw.pattern, joinPointer(at, 'pattern'), bad),
    required: readFields(raw.required, joinPointer(at, 'required'), 'required', bad),
    absent: readFields(raw.absent, joinPointer(at, 'absent'), 'absent', bad),
  };
  const present = new Set([...Object.keys(rule.const), ...Object.keys(rule.pattern), ...rule.required]);
  rule.absent.forEach((field, i) => {
    if (present.has(field))
      bad(joinPointer(at, 'absent', i), `"${field}" cannot be both absent and const, pattern or required`);
  });
  return rule;
}

/** `{field: scalar}`; undefined when not given or not a map (reported). */
function readScalars(raw: unknown, at: string, key: string, bad: Bad): Record<string, Scalar> | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    bad(at, `${key} must be a map {field: string | number | boolean | null}`);
    return undefined;
  }
  const out: Record<string, Scalar> = {};
  for (const [field, value] of Object.entries(raw)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      out[field] = value as Scalar;
    else bad(joinPointer(at, field), `${key}.${field} must be a string, number, boolean or null`);
  }
  return out;
}

function readPatterns(raw: unknown, at: string, bad: Bad): Record<string, RegExp> {
  const out: Record<string, RegExp> = {};
  if (raw === undefined) return out;
  if (!isRecord(raw)) {
    bad(at, 'pattern must be a map {field: regular expression}');
    return out;
  }
  for (const [field, source] of Object.entries(raw)) {
    const here = joinPointer(at, field);
    if (typeof source !== 'string') {
      bad(here, `pattern.${field} must be a regular expression string`);
      continue;
    }
    try {
      // The `u` flag: the dialect JSON Schema's `pattern` uses, so a regex reads the same in both.
      out[field] = new RegExp(source, 'u');
    } catch (err) {
      bad(
        here,
        `pattern.${field}: ${JSON.stringify(source)} is not a valid regular expression (${message(err)})`,
      );
    }
  }
  return out;
}

function readFields(raw: unknown, at: string, key: string, bad: Bad): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    bad(at, `${key} must be a list of field names`);
    return [];
  }
  const out: string[] = [];
  raw.forEach((field, i) => {
    if (typeof field === 'string' && field !== '' && !out.includes(field)) out.push(field);
    else if (typeof field === 'string' && field !== '')
      bad(joinPointer(at, i), `${key}: "${field}" is listed twice`);
    else bad(joinPointer(at, i), `${key}: ${JSON.stringify(field)} is not a field name`);
  });
  return out;
}

/** A 4xx status: both checks judge client errors only. `required`: absence is a problem too. */
function readStatus(
  raw: Record<string, unknown>,
  at: string,
  bad: Bad,
  required: boolean,
): number | undefined {
  const status = raw.status;
  if (status === undefined) {
    if (required) bad(at, 'status is required (a 4xx status code)');
    return undefined;
  }
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 499) {
    bad(joinPointer(at, 'status'), `status ${JSON.stringify(status)} is not a 4xx status code (400-499)`);
    return undefined;
  }
  return status;
}

function unknownKeys(raw: Record<string, unknown>, known: readonly string[], at: string, bad: Bad): void {
  for (const key of Object.keys(raw).filter((k) => !known.includes(k)))
    bad(joinPointer(at, key), `unknown key "${key}" (known: ${known.join(', ')})`);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
