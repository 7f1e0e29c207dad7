import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidationIssue } from './types';

/** OpenAPI 3.1 dialect keywords that are annotations for validation purposes. */
const OPENAPI_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example'];

export interface SchemaCompiler {
  /** Compiles (cached by schema identity, or by `key` for schemas built on the fly). */
  compile(schema: unknown, key?: string): ValidateFunction;
  /** Warnings ajv raised while compiling (unknown formats and the like), for lint. */
  warnings: string[];
}

/**
 * An ajv 2020-12 instance in OpenAPI 3.1 mode. `strict: false` because contracts carry `x-*`
 * keywords freely; the OpenAPI dialect keywords are declared so they are known, not just tolerated.
 * `coerce` builds the instance used for parameters and headers, whose values arrive as strings.
 */
export function createCompiler(options: { coerce: boolean }): SchemaCompiler {
  const warnings: string[] = [];
  const note = (...args: unknown[]): void => {
    warnings.push(args.map(String).join(' '));
  };
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    verbose: true,
    coerceTypes: options.coerce ? 'array' : false,
    logger: { log: () => {}, warn: note, error: note },
  });
  addFormats(ajv);
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  const byKey = new Map<string, ValidateFunction>();
  return {
    warnings,
    compile(schema, key) {
      if (key !== undefined) {
        const hit = byKey.get(key);
        if (hit) return hit;
      }
      const fn = ajv.compile(schema as object | boolean as object);
      if (key !== undefined) byKey.set(key, fn);
      return fn;
    },
  };
}

const MAX_VALUE_CHARS = 200;

/** Keeps issue values printable: long strings and big objects are cut down. */
export function clip(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}...` : value;
  if (typeof value !== 'object' || value === null) return value;
  const text = JSON.stringify(value);
  return text !== undefined && text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}...` : value;
}

export function toIssues(errors: ErrorObject[] | null | undefined): ValidationIssue[] {
  return (errors ?? []).map((e) => ({
    instancePath: e.instancePath,
    schemaPath: e.schemaPath,
    keyword: e.keyword,
    message: describe(e),
    value: clip(e.data),
  }));
}

/** The first few issues on one line, for lint messages. */
export function summariseIssues(issues: readonly ValidationIssue[], max = 3): string {
  return issues
    .slice(0, max)
    .map((i) => `${i.instancePath || '(root)'} ${i.message}`)
    .join('; ');
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties')
    return `must NOT have additional property "${params.additionalProperty}"`;
  if (e.keyword === 'enum') return `must be one of ${JSON.stringify(params.allowedValues)}`;
  return e.message ?? e.keyword;
}
