import { beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../contract/index';
import type { Contract } from '../contract/types';
import { defaultContractPath } from '../policy/index';
import { buildMix } from './mix';

describe('buildMix (bundled Partner API contract)', () => {
  let contract: Contract;
  beforeAll(async () => {
    contract = await loadContract(defaultContractPath());
  });

  it('read-heavy picks stateless GETs only and fills required query parameters', () => {
    const mix = buildMix(contract, 'read-heavy', 'primary');
    expect(mix.operations).toContain('getPartnerBalances');
    expect(mix.operations).toContain('getPartnerSepaDepositInfo');
    // a rate lock is a GET that creates state: not a read
    expect(mix.operations).not.toContain('createPartnerExchangeLock');
    for (const id of mix.operations) {
      const op = contract.byId.get(id);
      expect(op?.method).toBe('get');
      expect(op?.pathTemplate).not.toContain('{');
    }
    const rate = Array.from({ length: mix.operations.length }, (_, i) => mix.request(i, '127.0.0.2')).find(
      (r) => r.operationId === 'getPartnerExchangeRate',
    );
    expect(rate?.path).toMatch(/^\/v1\/partner\/exchange\/rate\?currencyFrom=\w+&currencyTo=\w+$/);
    expect(rate?.source).toBe('127.0.0.2');
    expect(rate?.keyLabel).toBe('primary');
    // round-robin: request i and i + n are the same operation
    expect(mix.request(3, null).operationId).toBe(mix.request(3 + mix.operations.length, null).operationId);
  });

  it('takes an explicit list and refuses unknown or stateful operations', () => {
    expect(buildMix(contract, 'getPartnerBalances', 'none').request(0, null)).toMatchObject({
      path: '/v1/partner/balances',
      keyLabel: 'none',
      probe: 'capacity',
    });
    expect(() => buildMix(contract, 'nope', 'primary')).toThrow(
      expect.objectContaining({ context: { option: '--mix' } }),
    );
    expect(() => buildMix(contract, 'createOrder', 'primary')).toThrow(/stateless/);
  });
});
