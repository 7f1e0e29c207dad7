import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import Ajv2020 from 'ajv/dist/2020.js';
import { readSource } from '../contract/source';
import { PacerError } from '../errors';
import { packageRoot } from '../policy/paths';
import type { CertifyConfig, LoadedConfig } from './types';

let validator: ValidateFunction | undefined;

/** schemas/config.schema.json, compiled once (read from the package so the bundle needs no copy). */
function configValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(
    readFileSync(resolve(packageRoot(), 'schemas', 'config.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
  validator = ajv.compile(schema);
  return validator;
}

/**
 * Reads pacer.config.yaml and validates it against the schema. Any problem is a
 * PACER_ERR_CONFIG_INVALID (exit 2) naming the file, the field and its line.
 */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const source = await readSource(file);
  const data = source.data ?? {};
  const validate = configValidator();
  if (!validate(data)) {
    const error = mostUseful(validate.errors ?? []);
    const pointer = pointerOf(error);
    throw new PacerError('PACER_ERR_CONFIG_INVALID', describe(error, pointer), {
      file,
      line: source.lineOf(pointer),
      option: fieldName(pointer),
    });
  }
  return { file, config: data as CertifyConfig, lineOf: source.lineOf };
}

/** An error for a value that passed the schema but not its parser (a duration, an SLO, an IP range). */
export function configFieldError(loaded: LoadedConfig, pointer: string, cause: unknown): PacerError {
  const why = cause instanceof PacerError ? cause.message : String(cause);
  const field = fieldName(pointer);
  // The parsers name the field they were given; the error line names it already.
  const message = why.startsWith(`${field}:`) ? why.slice(field.length + 1).trim() : why;
  return new PacerError('PACER_ERR_CONFIG_INVALID', message, {
    file: loaded.file,
    line: loaded.lineOf(pointer),
    option: field,
    cause,
  });
}

/** `/policy/window` -> `policy.window` (how a reader names the field). */
export function fieldName(pointer: string): string {
  return (
    pointer
      .split('/')
      .slice(1)
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.') || '(top level)'
  );
}

function pointerOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `${error.instancePath}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return error.instancePath;
}

function describe(error: ErrorObject, pointer: string): string {
  if (error.keyword === 'additionalProperties') {
    const allowed = Object.keys(
      (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
    );
    const where = error.instancePath === '' ? '' : ` in ${fieldName(error.instancePath)}`;
    return `unknown field "${fieldName(pointer).split('.').pop()}"${where} (allowed: ${allowed.join(', ')})`;
  }
  if (error.keyword === 'enum') {
    const values = (error.params as { allowedValues: unknown[] }).allowedValues;
    return `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (error.keyword === 'pattern' && pointer.endsWith('Env')) {
    // never echo the value: it may be the key itself
    return 'must be the NAME of an environment variable (letters, digits, _), not a key';
  }
  if (error.schemaPath.startsWith('#/$defs/duration')) {
    return `must be a duration with a unit, e.g. 60s, 1m, 2500ms (got ${JSON.stringify(error.data)})`;
  }
  return error.message ?? 'is invalid';
}

/**
 * ajv reports every branch of a oneOf; the deepest error (the most specific field) is the one a
 * reader can act on, and an unknown key is the likeliest mistake of all.
 */
function mostUseful(errors: readonly ErrorObject[]): ErrorObject {
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  if (unknown) return unknown;
  const concrete = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const pool = concrete.length > 0 ? concrete : errors;
  return [...pool].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
}
