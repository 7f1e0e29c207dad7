import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../src/conform/cases';
import { scanBindings } from '../src/conform/flow/bindings';
import { orderOperations } from '../src/conform/flow/order';
import { applyMutation, mutations } from '../src/conform/generate/negatives';
import { createRng } from '../src/conform/generate/rng';
import { sampleValid } from '../src/conform/generate/sample-valid';
import { loadContract } from '../src/contract/index';
import type { Contract, OperationSpec } from '../src/contract/types';

let contract: Contract;
let withBodies: Array<{ op: OperationSpec; type: string; schema: unknown }>;

beforeAll(async () => {
  contract = await loadContract('conformance/partner-api.yaml');
  withBodies = contract.operations.flatMap((op) =>
    Object.entries(op.requestBody?.content ?? {})
      .filter(([t]) => /json/.test(t))
      .map(([type, media]) => ({ op, type, schema: media.schema })),
  );
});

describe('case generation over the bundled contract', () => {
  it('synthesises a valid body for every operation with a JSON body, for any seed', () => {
    expect(withBodies.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: withBodies.length - 1 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (i, seed) => {
          const { op, type, schema } = withBodies[i];
          const rng = createRng(seed);
          // The generator may need a few draws for overlapping oneOf branches; the runner draws up to 12.
          let issues: unknown[] = ['not generated'];
          for (let attempt = 0; attempt < 12 && issues.length > 0; attempt++) {
            issues = contract.validators.requestBody(
              op.operationId,
              type,
              sampleValid(schema, rng, { optionalRate: attempt % 2 ? 0.5 : 1 }),
            );
          }
          expect(issues, `${op.operationId} seed ${seed}`).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every synthesised negative body is rejected by the contract, for any seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: withBodies.length - 1 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (i, seed) => {
          const { op, type, schema } = withBodies[i];
          const rng = createRng(seed);
          const valid = sampleValid(schema, rng, { optionalRate: 1 });
          if (contract.validators.requestBody(op.operationId, type, valid).length > 0) return;
          for (const m of mutations(schema, valid)) {
            const issues = contract.validators.requestBody(op.operationId, type, applyMutation(valid, m));
            expect(issues.length, `${op.operationId} ${m.label} seed ${seed} still valid`).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('plans positives, one negative per required field, auth and unknown-id cases per operation', () => {
    const { bindings } = scanBindings(contract);
    const methodsByPath = new Map<string, string[]>();
    for (const op of contract.operations)
      methodsByPath.set(op.pathTemplate, [...(methodsByPath.get(op.pathTemplate) ?? []), op.method]);
    let total = 0;
    for (const op of orderOperations(contract.operations, bindings)) {
      const { cases } = generateCases(op, {
        rng: createRng(42),
        validateBody: (id, t, b) => contract.validators.requestBody(id, t, b),
        methodsByPath,
        maxOtherNegatives: 6,
        positives: 'all',
        boundBodyPointers: bindings
          .filter((b) => b.consumer === op.operationId && b.target.in === 'body')
          .map((b) => b.target.name),
        wrongMethod: true,
      });
      total += cases.length;
      expect(
        cases.some((c) => c.expectation === 'positive'),
        op.operationId,
      ).toBe(true);
      if (op.requiresApiKey)
        expect(
          cases
            .filter((c) => c.kind.startsWith('auth-'))
            .map((c) => c.keyLabel)
            .sort(),
        ).toEqual(['none', 'wrong']);
      const media = Object.values(op.requestBody?.content ?? {})[0];
      const required =
        media && typeof media.schema === 'object' && Array.isArray(media.schema.required)
          ? (media.schema.required as string[])
          : [];
      for (const field of required)
        expect(
          cases.map((c) => c.id),
          op.operationId,
        ).toContain(`${op.operationId}/negative/missing:${field}`);
      for (const p of op.parameters.filter((x) => x.in === 'path'))
        expect(cases.map((c) => c.id)).toContain(`${op.operationId}/negative/unknown-id:${p.name}`);
      expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    }
    expect(total).toBeGreaterThan(contract.operations.length * 4);
  });

  it('orders creators before readers and destructive operations last', () => {
    const { bindings } = scanBindings(contract);
    const order = orderOperations(contract.operations, bindings).map((o) => o.operationId);
    const runsBefore = (a: string, b: string) =>
      expect(order.indexOf(a), `${a} before ${b}`).toBeLessThan(order.indexOf(b));
    for (const b of bindings) {
      const destructiveProducer = /block|suspend|delete/i.test(b.producer);
      if (!destructiveProducer) runsBefore(b.producer, b.consumer);
    }
    runsBefore('createUser', 'getUserBalances');
    runsBefore('createCard', 'getCardDetails');
    runsBefore('getCardDetails', 'deleteCard');
    runsBefore('blockCard', 'unblockCard');
    runsBefore('deleteCard', 'deleteUser');
    runsBefore('suspendUser', 'unsuspendUser');
    runsBefore('unsuspendUser', 'deleteUser');
    expect(order.at(-1)).toBe('deleteUser');
  });
});
