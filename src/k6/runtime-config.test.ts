import { describe, expect, it } from 'vitest';
import { makePolicy } from '../checks/rate-limit/test-helpers';
import { DEFAULT_OPERATION, MIXED_OPERATIONS } from '../limits/operations';
import { makeBundleConfig } from './bundle-config';
import { resolveRuntimeConfig } from './runtime-config';

const bundle = makeBundleConfig({
  policy: makePolicy({ limit: 300, provenance: { limit: 'conformance/ratelimit-policy.yaml' } }),
  operation: DEFAULT_OPERATION,
  operations: MIXED_OPERATIONS,
  source: { policy: 'p.yaml', contract: 'c.yaml', pacerVersion: '0.0.0' },
});

describe('resolveRuntimeConfig', () => {
  it('uses the inlined policy and operations when the environment says nothing else', () => {
    const c = resolveRuntimeConfig(bundle, { PACER_TARGET: 'http://sandbox:8080/' });
    expect(c.target).toBe('http://sandbox:8080');
    expect(c.policy.limit).toBe(300);
    expect(c.policy.windowMs).toBe(60_000);
    expect(c.operation).toEqual(DEFAULT_OPERATION);
    expect(c.operations.length).toBe(3);
    expect(c.apiKey).toBeNull();
    expect(c.keyLabel).toBe('none');
    expect(c.reportDir).toBe('reports');
    expect('provenance' in bundle.policy).toBe(false);
  });

  it('applies PACER_LIMIT, PACER_WINDOW (with the 429 window text), PACER_OPERATION and the key', () => {
    const c = resolveRuntimeConfig(bundle, {
      PACER_TARGET: 'https://api.example.test',
      PACER_LIMIT: '20',
      PACER_WINDOW: '10s',
      PACER_OPERATION: 'GET /v1/order/rates?from=eur',
      PACER_API_KEY: 'k',
      PACER_SOURCE: 'runner-1',
    });
    expect(c.policy.limit).toBe(20);
    expect(c.policy.windowMs).toBe(10_000);
    expect(c.policy.tooManyRequests.windowText).toBe('10 seconds');
    expect(c.operation).toEqual({
      operationId: null,
      method: 'GET',
      pathTemplate: '/v1/order/rates',
      path: '/v1/order/rates?from=eur',
    });
    expect(c.operations).toEqual([c.operation]);
    expect(c.keyLabel).toBe('primary');
    expect(c.source).toBe('runner-1');
  });

  it('names the variable at fault', () => {
    expect(() => resolveRuntimeConfig(bundle, {})).toThrow(/PACER_TARGET: not set/);
    expect(() => resolveRuntimeConfig(bundle, { PACER_TARGET: 'sandbox:8080' })).toThrow(/PACER_TARGET/);
    expect(() => resolveRuntimeConfig(bundle, { PACER_TARGET: 'http://a', PACER_LIMIT: '0' })).toThrow(
      /PACER_LIMIT: expected a positive integer/,
    );
    expect(() => resolveRuntimeConfig(bundle, { PACER_TARGET: 'http://a', PACER_WINDOW: '60' })).toThrow(
      /PACER_WINDOW/,
    );
  });
});
