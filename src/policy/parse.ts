import { isRecord } from '../contract/pointer';
import type { SourceDocument } from '../contract/source';
import { unsupportedKeywords } from '../ratelimit/body-shape';
import {
  DEFAULT_429_BODY_SCHEMA,
  DEFAULT_HEADERS,
  DEFAULT_PROFILE,
  DEFAULT_UNITS,
  ENDPOINT_SCOPES,
  PROFILE_VALUES,
  RETRY_AFTER_FORMS,
  SCOPES,
} from './defaults';
import { describeDuration, parseDuration } from './duration';
import type { PolicyProfile, RateLimitPolicy } from './types';

export interface PolicyProblem {
  severity: 'error' | 'warning';
  /** JSON pointer of the field, e.g. `/limit`. */
  pointer: string;
  line?: number;
  message: string;
  rule: string;
}

export interface ParsedPolicy {
  /** Undefined when any error was found. */
  policy?: RateLimitPolicy;
  problems: PolicyProblem[];
}

const TOP_KEYS = new Set([
  'limit',
  'window',
  'windowMs',
  'scope',
  'endpoints',
  'headers',
  'units',
  'tooManyRequests',
  'profile',
]);
// Free-text keys a policy author may add for people; not part of RateLimitPolicy.
const NOTE_KEYS = new Set([
  '$schema',
  'description',
  'source',
  'sources',
  'notes',
  'version',
  'api',
  'title',
]);

/**
 * Validates a parsed policy file (pure: no I/O) and builds the RateLimitPolicy. Every problem names
 * the field's pointer and line; unknown keys are warnings so a stray note does not block a run.
 */
export function parsePolicy(source: SourceDocument): ParsedPolicy {
  const problems: PolicyProblem[] = [];
  const where = (pointer: string) => ({ pointer, line: source.lineOf(pointer) });
  const error = (pointer: string, message: string, rule = 'policy-field') =>
    problems.push({ severity: 'error', ...where(pointer), message, rule });
  const warn = (pointer: string, message: string, rule = 'policy-unknown-key') =>
    problems.push({ severity: 'warning', ...where(pointer), message, rule });

  const data = source.data;
  if (!isRecord(data)) {
    error('', 'the policy file must be a mapping of fields (limit, window, ...)');
    return { problems };
  }
  const provenance: Record<string, string> = {};
  const fromFile = (field: string, pointer: string) => {
    const line = source.lineOf(pointer);
    provenance[field] = line ? `${source.file}:${line}` : source.file;
  };
  for (const key of Object.keys(data)) {
    if (!TOP_KEYS.has(key) && !NOTE_KEYS.has(key) && !key.startsWith('x-'))
      warn(`/${key}`, `unknown field "${key}"`);
  }

  let limit = 0;
  if (data.limit === undefined) error('/limit', 'limit is required (requests per window, e.g. 300)');
  else if (typeof data.limit !== 'number' || !Number.isInteger(data.limit) || data.limit <= 0) {
    error('/limit', `limit must be a positive integer, got ${JSON.stringify(data.limit)}`);
  } else {
    limit = data.limit;
    fromFile('limit', '/limit');
  }

  let windowMs = 0;
  const windowKey =
    data.window !== undefined ? 'window' : data.windowMs !== undefined ? 'windowMs' : undefined;
  if (!windowKey) error('/window', 'window is required (e.g. window: 1m)');
  else {
    const raw = data[windowKey];
    const pointer = `/${windowKey}`;
    try {
      if (windowKey === 'windowMs' && typeof raw === 'number') windowMs = raw;
      else if (typeof raw === 'string') windowMs = parseDuration(raw, 'window');
      else throw new Error(`${windowKey} must be a duration such as 60s or 1m, got ${JSON.stringify(raw)}`);
      if (!(windowMs > 0) || !Number.isFinite(windowMs))
        error(pointer, `${windowKey} must be positive, got ${JSON.stringify(raw)}`);
      else fromFile('windowMs', pointer);
    } catch (err) {
      error(pointer, (err as Error).message);
    }
  }

  const scope = pickEnum(data, 'scope', SCOPES, 'ip');
  const endpoints = pickEnum(data, 'endpoints', ENDPOINT_SCOPES, 'global');

  function pickEnum<T extends string>(
    obj: Record<string, unknown>,
    key: string,
    allowed: readonly T[],
    fallback: T,
    base = '',
  ): T {
    const pointer = `${base}/${key}`;
    const field = pointer.slice(1).replace(/\//g, '.');
    const value = obj[key];
    if (value === undefined) {
      provenance[field] = 'default';
      return fallback;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      error(pointer, `${field} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
      return fallback;
    }
    fromFile(field, pointer);
    return value as T;
  }

  const headers = { ...DEFAULT_HEADERS };
  const rawHeaders = section(data, 'headers');
  for (const key of Object.keys(rawHeaders)) {
    const value = rawHeaders[key];
    if (!(key in headers))
      warn(`/headers/${key}`, `unknown header role "${key}" (known: ${Object.keys(headers).join(', ')})`);
    else if (typeof value !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(value)) {
      error(`/headers/${key}`, `headers.${key} must be an HTTP header name, got ${JSON.stringify(value)}`);
    } else headers[key as keyof typeof headers] = value;
  }

  const rawUnits = section(data, 'units');
  const units = {
    reset: pickEnum(rawUnits, 'reset', ['epoch-seconds'] as const, DEFAULT_UNITS.reset, '/units'),
    retryAfter: [...DEFAULT_UNITS.retryAfter],
  };
  if (rawUnits.retryAfter !== undefined) {
    const list = Array.isArray(rawUnits.retryAfter) ? rawUnits.retryAfter : [rawUnits.retryAfter];
    const bad = list.filter((v) => !(RETRY_AFTER_FORMS as readonly unknown[]).includes(v));
    if (bad.length > 0 || list.length === 0) {
      error(
        '/units/retryAfter',
        `units.retryAfter must list ${RETRY_AFTER_FORMS.join(' and/or ')}; got ${JSON.stringify(rawUnits.retryAfter)}`,
      );
    } else units.retryAfter = list as RateLimitPolicy['units']['retryAfter'];
  }
  for (const key of Object.keys(rawUnits))
    if (key !== 'reset' && key !== 'retryAfter') warn(`/units/${key}`, `unknown field "units.${key}"`);

  const rawTmr = section(data, 'tooManyRequests');
  if (rawTmr.status !== undefined && rawTmr.status !== 429)
    error(
      '/tooManyRequests/status',
      `tooManyRequests.status must be 429, got ${JSON.stringify(rawTmr.status)}`,
    );
  let bodySchema = DEFAULT_429_BODY_SCHEMA;
  if (rawTmr.bodySchema !== undefined) {
    if (!isRecord(rawTmr.bodySchema))
      error('/tooManyRequests/bodySchema', 'tooManyRequests.bodySchema must be a JSON Schema object');
    else {
      bodySchema = rawTmr.bodySchema;
      // the 429 body is checked by a small subset of JSON Schema (it runs in k6 too): refuse the rest
      for (const keyword of unsupportedKeywords(bodySchema))
        error(
          `/tooManyRequests/bodySchema${keyword.slice(1)}`,
          `tooManyRequests.bodySchema uses ${keyword.split('/').at(-1)}, which pacer's 429 body check does not evaluate (supported: type, required, properties, additionalProperties, enum, const, minimum, maximum, minLength, maxLength, pattern, items)`,
        );
    }
  }
  const derivedText = windowMs > 0 ? describeDuration(windowMs) : '';
  let windowText = derivedText;
  if (rawTmr.windowText !== undefined) {
    if (typeof rawTmr.windowText !== 'string')
      error('/tooManyRequests/windowText', 'tooManyRequests.windowText must be a string');
    else {
      windowText = rawTmr.windowText;
      if (derivedText && rawTmr.windowText !== derivedText) {
        warn(
          '/tooManyRequests/windowText',
          `windowText "${rawTmr.windowText}" does not read as the window (${derivedText})`,
          'policy-window-text',
        );
      }
    }
  }
  for (const key of Object.keys(rawTmr)) {
    if (!['status', 'bodySchema', 'windowText'].includes(key))
      warn(`/tooManyRequests/${key}`, `unknown field "tooManyRequests.${key}"`);
  }

  const profile = parseProfile(section(data, 'profile'));

  function section(obj: Record<string, unknown>, key: string): Record<string, unknown> {
    const value = obj[key];
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) {
      error(`/${key}`, `${key} must be a mapping`);
      return {};
    }
    return value;
  }

  function parseProfile(raw: Record<string, unknown>): PolicyProfile {
    const out: PolicyProfile = { ...DEFAULT_PROFILE };
    out.retryAfter = pickEnum(
      raw,
      'retryAfter',
      PROFILE_VALUES.retryAfter,
      DEFAULT_PROFILE.retryAfter,
      '/profile',
    );
    out.algorithm = pickEnum(
      raw,
      'algorithm',
      PROFILE_VALUES.algorithm,
      DEFAULT_PROFILE.algorithm,
      '/profile',
    );
    out.advisoryLevel = pickEnum(
      raw,
      'advisoryLevel',
      PROFILE_VALUES.advisoryLevel,
      DEFAULT_PROFILE.advisoryLevel,
      '/profile',
    );
    for (const key of ['penaltyExpected', 'authFailuresCounted'] as const) {
      const value = raw[key];
      if (value === undefined) provenance[`profile.${key}`] = 'default';
      else if (typeof value !== 'boolean')
        error(`/profile/${key}`, `profile.${key} must be true or false, got ${JSON.stringify(value)}`);
      else {
        out[key] = value;
        fromFile(`profile.${key}`, `/profile/${key}`);
      }
    }
    const tolKey = raw.timingTolerance !== undefined ? 'timingTolerance' : 'timingToleranceMs';
    const tol = raw[tolKey];
    if (tol === undefined) provenance['profile.timingToleranceMs'] = 'default';
    else {
      try {
        const ms =
          typeof tol === 'number' && tolKey === 'timingToleranceMs'
            ? tol
            : parseDuration(String(tol), `profile.${tolKey}`);
        if (!(ms >= 0)) throw new Error(`profile.${tolKey} must not be negative`);
        out.timingToleranceMs = ms;
        fromFile('profile.timingToleranceMs', `/profile/${tolKey}`);
      } catch (err) {
        error(`/profile/${tolKey}`, (err as Error).message);
      }
    }
    const known = new Set([...Object.keys(DEFAULT_PROFILE), 'timingTolerance']);
    for (const key of Object.keys(raw))
      if (!known.has(key)) warn(`/profile/${key}`, `unknown field "profile.${key}"`);
    return out;
  }

  if (problems.some((p) => p.severity === 'error')) return { problems };
  provenance.headers = Object.keys(rawHeaders).length === 0 ? 'default' : source.file;
  provenance['tooManyRequests.bodySchema'] = rawTmr.bodySchema !== undefined ? source.file : 'default';
  provenance['tooManyRequests.windowText'] =
    rawTmr.windowText !== undefined ? source.file : 'derived from window';
  const policy: RateLimitPolicy = {
    limit,
    windowMs,
    scope,
    endpoints,
    headers,
    units,
    tooManyRequests: { status: 429, bodySchema, windowText },
    profile,
    provenance,
  };
  return { policy, problems };
}
