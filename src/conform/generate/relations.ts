import { type FieldRelation, parseRelations, RELATIONS } from '../../contract/extensions';
import { PacerError } from '../../errors';
import type { SchemaObject } from './schema-util';

/**
 * The schema's `x-pacer-relations` (conformance/README.md, "Business rules in the schema"). A
 * malformed hint is a contract error, reported rather than ignored (`pacer contract lint` names it
 * with its line before any run).
 */
export function readRelations(raw: unknown): FieldRelation[] {
  const { value, problems } = parseRelations(raw);
  if (problems.length > 0) throw new PacerError('PACER_ERR_CONTRACT_INVALID', problems[0].message);
  return value;
}

/**
 * Honours the hint on a drawn object: relations between fields JSON Schema cannot state (a daily
 * limit at most the monthly one). Both sides of a relation are written together, because an API
 * compares a lone side with a stored value the generator cannot see (`draw` supplies the missing
 * side), and swapped when out of order. The validator still judges the result.
 */
export function applyRelations(
  schema: SchemaObject,
  out: Record<string, unknown>,
  draw: (property: string) => unknown,
): Record<string, unknown> {
  for (const {
    lessOrEqual: [low, high],
  } of readRelations(schema[RELATIONS])) {
    if (!(low in out) && !(high in out)) continue;
    for (const name of [low, high]) {
      if (!(name in out)) out[name] = draw(name);
    }
    const [a, b] = [out[low], out[high]];
    if (typeof a === 'number' && typeof b === 'number' && a > b) [out[low], out[high]] = [b, a];
  }
  return out;
}
