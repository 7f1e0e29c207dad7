import { PacerError } from '../../errors';
import { isObject, type SchemaObject } from './schema-util';

/** The schema keyword of field relations (conformance/README.md, "Business rules in the schema"). */
export const RELATIONS = 'x-pacer-relations';

export interface FieldRelation {
  /** Property names of the object carrying the hint: the first is at most the second. */
  lessOrEqual: [string, string];
}

/**
 * Parses `x-pacer-relations` (`[{lessOrEqual: ["/a", "/b"]}]`, pointers to properties of the object
 * that carries it). A malformed hint is a contract error, reported rather than ignored.
 */
export function readRelations(raw: unknown): FieldRelation[] {
  if (raw === undefined) return [];
  const bad = (why: string) => new PacerError('PACER_ERR_CONTRACT_INVALID', `${RELATIONS}: ${why}`);
  if (!Array.isArray(raw)) throw bad('must be an array of {lessOrEqual: [pointer, pointer]}');
  return raw.map((entry, i) => {
    const pair: unknown = isObject(entry) ? entry.lessOrEqual : undefined;
    if (!Array.isArray(pair) || pair.length !== 2 || Object.keys(entry).length !== 1)
      throw bad(`entry ${i} must be {lessOrEqual: [pointer, pointer]}`);
    const names = pair.map((p) => {
      if (typeof p !== 'string' || !/^\/[^/]+$/.test(p))
        throw bad(`entry ${i}: ${JSON.stringify(p)} is not a pointer to a property of this object ("/name")`);
      return p.slice(1).replace(/~1/g, '/').replace(/~0/g, '~');
    });
    return { lessOrEqual: [names[0], names[1]] };
  });
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
