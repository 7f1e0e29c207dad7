import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../src/conform/cases';
import { scanBindings } from '../src/conform/flow/bindings';
import { orderOperations } from '../src/conform/flow/order';
import { applyMutation, mutations } from '../src/conform/generate/negatives';
import { createRng } from '../src/conform/generate/rng';
import { sampleValid } from '../src/conform/generate/sample-valid';
import { type ContractConventions, readConventions } from '../src/contract/extensions';
import { loadContract } from '../src/contract/index';
import { CUSTOM_API } from '../src/contract/test-support/custom-conventions';
import type { Contract, OperationSpec } from '../src/contract/types';
import { type Crypto, NETWORKS, priceEur, resolveNetwork } from '../src/sandbox/logic/market';

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

describe('negative cases expect what the contract declares (x-pacer-auth, x-pacer-error-shapes)', () => {
  const expectations = (conventions?: ContractConventions) => {
    const op = contract.byId.get('createPartnerSepaTransfer')!;
    const { cases } = generateCases(op, {
      rng: createRng(7),
      validateBody: (id, t, b) => contract.validators.requestBody(id, t, b),
      methodsByPath: new Map(),
      maxOtherNegatives: 2,
      positives: 'one',
      boundBodyPointers: [],
      wrongMethod: false,
      ...(conventions ? { conventions } : {}),
    });
    const of = (kind: string) => cases.filter((c) => c.kind === kind);
    return {
      invalid: [...of('missing-required'), ...of('malformed-json')].map((c) => c.expectedStatus),
      missing: of('auth-missing').map((c) => [c.id.split('/').at(-1), c.expectedStatus]),
      wrong: of('auth-wrong').map((c) => [c.id.split('/').at(-1), c.expectedStatus]),
    };
  };

  it('the Partner API: 400 for invalid input, 401 xo1 / 401 xo2', () => {
    const e = expectations(readConventions(contract.document));
    expect(new Set(e.invalid)).toEqual(new Set([400]));
    expect(e.missing).toEqual([['xo1', 401]]);
    expect(e.wrong).toEqual([['xo2', 401]]);
  });

  it('a made-up API: 422 for invalid input, 401 / 403 E_KEY', () => {
    const e = expectations(readConventions(CUSTOM_API));
    expect(new Set(e.invalid)).toEqual(new Set([422]));
    expect(e.missing).toEqual([['missing-key', 401]]);
    expect(e.wrong).toEqual([['E_KEY', 403]]);
  });

  it('no conventions: HTTP defaults, 400 and 401 / 401', () => {
    const e = expectations();
    expect(new Set(e.invalid)).toEqual(new Set([400]));
    expect(e.missing).toEqual([['missing-key', 401]]);
    expect(e.wrong).toEqual([['wrong-key', 401]]);
  });
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

/**
 * The business rules the contract states (oneOf per currency/network, exactly one transfer side,
 * `x-pacer-relations`, realistic order amounts) hold for every synthesised positive body, checked
 * against the sandbox's own market tables, so a clean target never refuses one.
 */
describe('synthesised positives respect the rules the contract states', () => {
  const synthesised = (operationId: string, seed: number): Record<string, unknown> => {
    const op = contract.byId.get(operationId);
    if (!op) throw new Error(`no ${operationId}`);
    const { cases } = generateCases(op, {
      rng: createRng(seed),
      validateBody: (id, t, b) => contract.validators.requestBody(id, t, b),
      methodsByPath: new Map(),
      maxOtherNegatives: 0,
      positives: 'all',
      boundBodyPointers: [],
      wrongMethod: false,
    });
    const c = cases.find((x) => x.kind === 'synthesised');
    expect(c, `${operationId} seed ${seed}: no synthesised body`).toBeDefined();
    return c?.body as Record<string, unknown>;
  };
  const seeds = fc.integer({ min: 0, max: 2 ** 31 });

  it('crypto withdrawals and wallets name a network their currency runs on', () => {
    const seen = new Set<string>();
    for (const operationId of [
      'createCryptoWithdrawal',
      'createPartnerCryptoWithdrawal',
      'createPartnerWallet',
    ]) {
      fc.assert(
        fc.property(seeds, (seed) => {
          const body = synthesised(operationId, seed);
          const currency = body.currency as Crypto;
          expect(
            resolveNetwork(currency, body.network as string | undefined),
            JSON.stringify(body),
          ).toBeDefined();
          seen.add(currency);
        }),
        { numRuns: 60 },
      );
    }
    // Not pinned to the documented example's currency.
    expect(seen.size).toBeGreaterThan(4);
  });

  it('order locks use an order currency on its network, and the derived crypto amount fits the response bounds', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const body = synthesised('createOrderLock', seed);
        const currency = body.currency as Crypto;
        expect(NETWORKS[currency]).toContain(body.network);
        const crypto = Math.floor((Number(body.amount) / priceEur(currency)) * 1e6) / 1e6;
        expect(crypto).toBeGreaterThan(0);
        expect(crypto).toBeLessThanOrEqual(1e9);
      }),
      { numRuns: 100 },
    );
    // The request bounds hold at the extremes too, not only for the values drawn.
    const issues = (amount: string) =>
      contract.validators.requestBody('createOrderLock', 'application/json', {
        currency: 'pol',
        network: 'polygon',
        amount,
      });
    expect(issues('99999999.99')).toEqual([]);
    expect(issues('1')).toEqual([]);
    expect(issues('54875050212').length).toBeGreaterThan(0);
    expect(issues('0.01').length).toBeGreaterThan(0);
    expect(99999999.99 / priceEur('pol')).toBeLessThanOrEqual(1e9);
    expect(Math.floor((1 / priceEur('btc')) * 1e6)).toBeGreaterThan(0);
  });

  it('transfers name exactly one side', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const body = synthesised('createTransfer', seed);
        const sides = ['sourceExternalUserId', 'destinationExternalUserId'].filter((k) => k in body);
        expect(sides).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });

  it('card limit updates keep each daily limit at most its monthly one, both sent together', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const body = synthesised('updateCardLimits', seed) as Record<string, number>;
        for (const kind of ['All', 'Atm', 'Ecom']) {
          const [daily, monthly] = [body[`dailyTrx${kind}`], body[`monthlyTrx${kind}`]];
          expect(daily === undefined, `${kind} sides together`).toBe(monthly === undefined);
          if (daily !== undefined) expect(daily).toBeLessThanOrEqual(monthly);
        }
      }),
      { numRuns: 100 },
    );
  });
});
