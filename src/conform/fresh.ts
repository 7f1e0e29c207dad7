import type { Contract } from '../contract/types';
import { jsonMedia } from './cases';
import type { Binding } from './flow/bindings';
import { getPointer, requestBodyPointer, setPointer } from './flow/expressions';
import { sampleDistinct } from './generate/distinct';
import type { Rng } from './generate/rng';
import { schemaAt } from './generate/schema-util';
import type { ConformCase } from './types';

/** Per operation: ids the client chooses (read back by links as `$request.body#/...Id`) and their schemas. */
export type FreshFields = ReadonlyMap<string, Array<{ pointer: string; schema: unknown }>>;

/**
 * Identifiers a producer takes from the client (externalUserId) must be new on every create,
 * or a documented example would collide with the user it created last run.
 */
export function planFreshFields(contract: Contract, bindings: readonly Binding[]): FreshFields {
  const out = new Map<string, Array<{ pointer: string; schema: unknown }>>();
  const boundHere = (op: string, pointer: string) =>
    bindings.some((x) => x.consumer === op && x.target.in === 'body' && x.target.name === pointer);
  for (const b of bindings) {
    const pointer = typeof b.expression === 'string' ? requestBodyPointer(b.expression) : undefined;
    // A field the producer itself takes from an earlier call (createKycVerification's user) stays bound.
    if (!pointer || !/id$/i.test(pointer) || boundHere(b.producer, pointer)) continue;
    const op = contract.byId.get(b.producer);
    const media = op ? jsonMedia(op) : undefined;
    const schema = media ? schemaAt(media.schema, pointer) : undefined;
    if (!schema) continue;
    const list = out.get(b.producer) ?? [];
    if (!list.some((f) => f.pointer === pointer)) list.push({ pointer, schema });
    out.set(b.producer, list);
  }
  return out;
}

export function freshen(c: ConformCase, fresh: FreshFields, rng: Rng): ConformCase {
  const fields = fresh.get(c.operationId);
  if (!fields || c.body === undefined) return c;
  let body: unknown = c.body;
  for (const { pointer, schema } of fields) {
    if (getPointer(body, pointer) !== undefined)
      body = setPointer(body, pointer, sampleDistinct(schema, rng));
  }
  return { ...c, body };
}
