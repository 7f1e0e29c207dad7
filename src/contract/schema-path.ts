import { isRecord } from './pointer';

/**
 * The schemas that describe the value at `tokens` below `schema`, looking through allOf, oneOf
 * and anyOf (the `$ref`-resolved document), `items` for array indices and an explicit
 * `additionalProperties` schema. Empty when no part declares it.
 */
export function schemaAtPath(schema: unknown, tokens: readonly string[]): Record<string, unknown>[] {
  let current = isRecord(schema) ? [schema] : [];
  for (const token of tokens) {
    const next: Record<string, unknown>[] = [];
    for (const part of current.flatMap(parts)) {
      const props = part.properties;
      // `true` admits any value; `false` says the property must be absent, so it declares nothing.
      const prop = isRecord(props) && Object.hasOwn(props, token) ? props[token] : false;
      if (prop !== false) next.push(isRecord(prop) ? prop : {});
      else if (/^(0|[1-9]\d*)$/.test(token) && isRecord(part.items)) next.push(part.items);
      else if (isRecord(part.additionalProperties)) next.push(part.additionalProperties);
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** A schema and, recursively, the branches of its allOf, oneOf and anyOf. */
function parts(schema: Record<string, unknown>): Record<string, unknown>[] {
  const out = [schema];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const sub of list) if (isRecord(sub)) out.push(...parts(sub));
  }
  return out;
}
