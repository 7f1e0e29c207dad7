import { describe, expect, it } from 'vitest';
import type { OperationSpec } from '../../contract/types';
import { createBusinessLogic } from './index';
import { contract, harness } from './test-harness';

/** The documented example request of an operation: parameter examples and the default body example. */
function exampleRequest(op: OperationSpec) {
  const params: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p.example === undefined || (p.in !== 'path' && p.in !== 'query')) continue;
    (p.in === 'path' ? params : query)[p.name] = String(p.example);
  }
  const media = op.requestBody?.content['application/json'];
  const body = media ? (media.examples.default ?? Object.values(media.examples)[0]) : undefined;
  return { params, query, body };
}

describe('business logic coverage', () => {
  it('answers exactly the operationIds of the contract', () => {
    const fromContract = contract()
      .operations.map((o) => o.operationId)
      .sort();
    expect(createBusinessLogic({ seed: 1 }).operationIds().sort()).toEqual(fromContract);
    expect(fromContract.length).toBe(58);
  });

  it('answers every documented example request with a 2xx that validates against the contract', () => {
    const failures: string[] = [];
    for (const op of contract().operations) {
      // A fresh sandbox per operation: destructive examples (delete, block) must not affect others.
      const h = harness();
      try {
        const res = h.call(op.operationId, exampleRequest(op));
        if (res.status < 200 || res.status > 299)
          failures.push(`${op.operationId}: ${res.status} ${JSON.stringify(res.body)}`);
      } catch (err) {
        failures.push(`${op.operationId}: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers an unknown operationId with a documented-shape error instead of throwing', () => {
    const res = createBusinessLogic({ seed: 1 }).handle({
      operationId: 'nope',
      params: {},
      query: {},
      body: undefined,
      nowMs: 0,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'P500' });
  });

  it('hands out the same ids for the same seed and different ones for another seed', () => {
    const create = (seed: number) =>
      createBusinessLogic({ seed, nowMs: () => 0 }).handle({
        operationId: 'createPaymentLink',
        params: {},
        query: {},
        body: { amount: 5, currency: 'eur' },
        nowMs: 0,
      }).body as { paymentLinkId: string };
    expect(create(3).paymentLinkId).toBe(create(3).paymentLinkId);
    expect(create(3).paymentLinkId).not.toBe(create(4).paymentLinkId);
    expect(create(3).paymentLinkId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
