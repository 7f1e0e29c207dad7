import type { OperationSpec } from '../../contract/types';
import type { Binding } from './bindings';

/** Operations that take a resource away (or out of service) run after everything that uses it. */
const DESTRUCTIVE = /(delete|remove|suspend|block|cancel|revoke|close|deactivate)/i;
/** Their undo runs right after them (unsuspend after suspend), before the deletes. */
const RESTORING = /(unsuspend|unblock|reactivate|restore)/i;

export function isDestructive(op: OperationSpec): boolean {
  return op.method === 'delete' || DESTRUCTIVE.test(op.operationId) || RESTORING.test(op.operationId);
}

/** 0 take out of service, 1 put back, 2 delete: so a resource is suspended, restored, then deleted. */
function destructiveRank(op: OperationSpec): number {
  if (RESTORING.test(op.operationId)) return 1;
  if (op.method === 'delete' || /(delete|remove)/i.test(op.operationId)) return 2;
  return 0;
}

/**
 * Orders operations so producers run before their consumers (topological, contract order for
 * ties) and destructive ones last, deepest resource first (a card is deleted before its user).
 */
export function orderOperations(
  operations: readonly OperationSpec[],
  bindings: readonly Binding[],
): OperationSpec[] {
  const index = new Map(operations.map((op, i) => [op.operationId, i]));
  const producersOf = new Map<string, Set<string>>();
  for (const b of bindings) {
    if (b.producer === b.consumer || !index.has(b.producer)) continue;
    const set = producersOf.get(b.consumer) ?? new Set<string>();
    set.add(b.producer);
    producersOf.set(b.consumer, set);
  }
  const destructiveIds = new Set(operations.filter(isDestructive).map((op) => op.operationId));
  const depthMemo = new Map<string, number>();
  const depth = (id: string, stack: Set<string> = new Set()): number => {
    const known = depthMemo.get(id);
    if (known !== undefined) return known;
    if (stack.has(id)) return 0;
    stack.add(id);
    let d = 0;
    // A destructive producer (blockCard for unblockCard) is a step on the same resource, not a deeper one.
    for (const p of producersOf.get(id) ?? [])
      d = Math.max(d, depth(p, stack) + (destructiveIds.has(p) ? 0 : 1));
    stack.delete(id);
    depthMemo.set(id, d);
    return d;
  };

  // Updates (PATCH/PUT) run after every create and read: an update may change what later
  // creations depend on (a user's country decides whether a card may be issued).
  const phase = new Map<string, number>();
  for (const op of operations)
    if (!isDestructive(op)) phase.set(op.operationId, op.method === 'patch' || op.method === 'put' ? 1 : 0);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, ph] of phase) {
      const lifted = Math.max(ph, ...[...(producersOf.get(id) ?? [])].map((p) => phase.get(p) ?? 0));
      if (lifted !== ph) {
        phase.set(id, lifted);
        changed = true;
      }
    }
  }
  const regular = operations.filter((op) => !isDestructive(op));
  const destructive = operations.filter((op) => isDestructive(op));
  const sorted = [0, 1].flatMap((ph) =>
    topological(
      regular.filter((op) => phase.get(op.operationId) === ph),
      producersOf,
      index,
    ),
  );
  destructive.sort(
    (a, b) =>
      depth(b.operationId) - depth(a.operationId) ||
      destructiveRank(a) - destructiveRank(b) ||
      (index.get(a.operationId) ?? 0) - (index.get(b.operationId) ?? 0),
  );
  const destructiveOrder = new Map(destructive.map((op, i) => [op.operationId, i]));
  return [...sorted, ...topological(destructive, producersOf, destructiveOrder)];
}

function topological(
  ops: readonly OperationSpec[],
  producersOf: ReadonlyMap<string, ReadonlySet<string>>,
  index: ReadonlyMap<string, number>,
): OperationSpec[] {
  const ids = new Set(ops.map((o) => o.operationId));
  const pending = new Map(
    ops.map((o) => [
      o.operationId,
      new Set([...(producersOf.get(o.operationId) ?? [])].filter((p) => ids.has(p))),
    ]),
  );
  const byId = new Map(ops.map((o) => [o.operationId, o]));
  const out: OperationSpec[] = [];
  while (pending.size > 0) {
    const ready = [...pending.entries()].filter(([, deps]) => deps.size === 0).map(([id]) => id);
    // A cycle (a consumes b consumes a) is broken at the earliest operation in contract order.
    const next = (ready.length > 0 ? ready : [...pending.keys()]).sort(
      (a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0),
    )[0];
    out.push(byId.get(next)!);
    pending.delete(next);
    for (const deps of pending.values()) deps.delete(next);
  }
  return out;
}
