import type { JsonSchema } from '../../contract/types';
import type { Rng } from './rng';
import { sampleValid } from './sample-valid';
import { asSchema, branches, inferType, mergeAllOf, num } from './schema-util';

/** Identifier strings are drawn at least this long where the schema allows. */
const DISTINCT_LENGTH = 16;

/**
 * A valid value unlikely to equal any other draw, for invented and fresh ids: an unknown-id case
 * must not name a real resource, and a fresh id must not meet one created before (a 1-character
 * id drawn from `^[A-Za-z0-9][A-Za-z0-9._:-]*$` did, on seed 10). Formats (uuid), enums and
 * unions are left to the plain generator.
 */
export function sampleDistinct(schema: JsonSchema | unknown, rng: Rng): unknown {
  const s = asSchema(schema);
  if (s === null) return sampleValid(schema, rng);
  const merged = mergeAllOf(s);
  const plainString =
    inferType(merged) === 'string' &&
    typeof merged.format !== 'string' &&
    !('const' in merged) &&
    !Array.isArray(merged.enum) &&
    branches(merged) === null;
  if (!plainString) return sampleValid(merged, rng);
  const minLength = Math.min(
    num(merged.maxLength) ?? 64,
    Math.max(num(merged.minLength) ?? 0, DISTINCT_LENGTH),
  );
  return sampleValid({ ...merged, minLength }, rng);
}
