import {
  DEPENDS_ON,
  type ExtensionProblem,
  PACER_EXTENSIONS,
  RELATIONS,
  ROOT_EXTENSIONS,
  readConventions,
  readDependsOn,
  readSchemaRelations,
} from './extensions';
import type { Emit } from './lint-types';
import type { LocatedOperation } from './operations';
import { getAt, isRecord, joinPointer, parsePointer } from './pointer';

const RULE = 'pacer-extension';
/** Keys whose values are data, not schemas or OpenAPI objects: an `x-pacer-*` key there is a value. */
const DATA_KEYS = new Set(['example', 'examples', 'const', 'enum']);
/** Maps keyed by names the author chose (a property may be called `example`). */
const NAME_MAPS = new Set(['properties', 'patternProperties']);

/**
 * pacer's extensions, judged by the parser the conformance runner uses (src/contract/extensions.ts):
 * `x-pacer-depends-on` on operations (shape, producer ids, bind targets of the consumer),
 * `x-pacer-relations` on schemas (shape, sides that are properties of the schema), `x-pacer-auth` and
 * `x-pacer-error-shapes` at the root (types, keys, statuses, regexes), and any other `x-pacer-*` key
 * (a typo would be ignored silently at run time).
 */
export function lintExtensions(
  located: readonly LocatedOperation[],
  raw: unknown,
  resolved: unknown,
  emit: Emit,
): void {
  const report = (p: ExtensionProblem) =>
    emit({ severity: p.severity, rule: RULE, pointer: p.pointer, message: p.message });
  const byId = new Map(located.map((l) => [l.spec.operationId, l.spec]));
  const operationPointers = new Set(located.map((l) => l.pointer));
  for (const { spec, pointer } of located) {
    readDependsOn(spec, (id) => byId.get(id), joinPointer(pointer, DEPENDS_ON)).problems.forEach(report);
  }
  // The raw document: its pointers are the ones the source maps to lines.
  readConventions(raw).problems.forEach(report);
  walk(raw, '', (holder, pointer) => {
    for (const key of Object.keys(holder).filter((k) => k.startsWith('x-pacer-'))) {
      const at = joinPointer(pointer, key);
      if (!PACER_EXTENSIONS.includes(key)) {
        emit({
          severity: 'warning',
          rule: RULE,
          pointer: at,
          message: `unknown pacer extension ${key} (pacer reads ${PACER_EXTENSIONS.join(', ')})`,
        });
      } else if (key === DEPENDS_ON && !operationPointers.has(pointer)) {
        emit({
          severity: 'warning',
          rule: RULE,
          pointer: at,
          message: `${DEPENDS_ON} is read on operations only; here it is ignored`,
        });
      } else if (ROOT_EXTENSIONS.includes(key) && pointer !== '') {
        emit({
          severity: 'warning',
          rule: RULE,
          pointer: at,
          message: `${key} is read at the root of the document only; here it is ignored`,
        });
      } else if (key === RELATIONS) {
        // The resolved schema at the same place: its allOf/oneOf `$ref`s followed, so their properties count.
        const schema = getAt(resolved, parsePointer(pointer));
        readSchemaRelations(isRecord(schema) ? schema : holder, pointer).problems.forEach(report);
      }
    }
  });
}

/** Every object of the raw document (as written, `$ref`s not followed), with its pointer. */
function walk(
  node: unknown,
  pointer: string,
  visit: (holder: Record<string, unknown>, pointer: string) => void,
  names = false,
): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      walk(item, joinPointer(pointer, i), visit);
    });
    return;
  }
  if (!isRecord(node)) return;
  if (!names) visit(node, pointer);
  for (const [key, value] of Object.entries(node)) {
    if (!names && (DATA_KEYS.has(key) || key.startsWith('x-pacer-'))) continue;
    walk(value, joinPointer(pointer, key), visit, !names && NAME_MAPS.has(key));
  }
}
