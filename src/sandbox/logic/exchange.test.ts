import { describe, expect, it } from 'vitest';
import { EXCHANGE_LOCK_TTL_MS, SETTLE_MS } from './state';
import { harness, kycUser } from './test-harness';

const err = (res: { status: number; body: Record<string, unknown> }) => [res.status, res.body.errorCode];
const q = { currencyFrom: 'eth', currencyTo: 'eur', amount: '2' };

describe('currency exchange', () => {
  it('locks a rate and finalizes the exchange within the lock lifetime; details go PENDING -> COMPLETED', () => {
    const h = harness();
    const lock = h.call('createPartnerExchangeLock', { query: q }).body;
    expect(Date.parse(String(lock.expiresAt)) - h.now).toBe(EXCHANGE_LOCK_TTL_MS);
    h.advance(EXCHANGE_LOCK_TTL_MS - 1);
    const created = h.call('createPartnerExchange', {
      body: { amount: 2, currencyFrom: 'eth', currencyTo: 'eur', lockId: lock.lockId },
    });
    expect(created.status).toBe(200);
    const id = { exchangeId: String(created.body.exchangeId) };
    const pending = h.call('getPartnerExchangeDetails', { params: id }).body;
    expect(pending).toMatchObject({ status: 'PENDING', lockId: lock.lockId, rate: lock.rate, amount: 2 });
    expect(pending.receivedAmount).toBeCloseTo(2 * Number(lock.rate), 6);
    h.advance(SETTLE_MS);
    expect(h.call('getPartnerExchangeDetails', { params: id }).body.status).toBe('COMPLETED');
  });

  it('rejects a reused lock (P441) and an expired one (P440)', () => {
    const h = harness();
    const body = (lockId: unknown) => ({ amount: 2, currencyFrom: 'eth', currencyTo: 'eur', lockId });
    const lock1 = h.call('createPartnerExchangeLock', { query: q }).body;
    expect(h.call('createPartnerExchange', { body: body(lock1.lockId) }).status).toBe(200);
    expect(err(h.call('createPartnerExchange', { body: body(lock1.lockId) }))).toEqual([400, 'P441']);

    const lock2 = h.call('createPartnerExchangeLock', { query: q }).body;
    h.advance(EXCHANGE_LOCK_TTL_MS + 1);
    expect(err(h.call('createPartnerExchange', { body: body(lock2.lockId) }))).toEqual([400, 'P440']);
  });

  it('rejects a body that differs from the lock (P457) without burning the lock', () => {
    const h = harness();
    const lock = h.call('createPartnerExchangeLock', { query: q }).body;
    const wrong = { amount: 3, currencyFrom: 'eth', currencyTo: 'eur', lockId: lock.lockId };
    expect(err(h.call('createPartnerExchange', { body: wrong }))).toEqual([400, 'P457']);
    expect(h.call('createPartnerExchange', { body: { ...wrong, amount: 2 } }).status).toBe(200);
  });

  it('keeps partner and user locks apart and answers unknown ids with 404', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('x-1') });
    const partnerLock = h.call('createPartnerExchangeLock', { query: q }).body;
    const res = h.call('createUserExchange', {
      body: {
        externalUserId: 'x-1',
        amount: 2,
        currencyFrom: 'eth',
        currencyTo: 'eur',
        lockId: partnerLock.lockId,
      },
    });
    expect(err(res)).toEqual([404, 'P442']);
    expect(
      err(
        h.call('getUserExchangeDetails', { params: { exchangeId: '00000000-0000-4000-8000-000000000000' } }),
      ),
    ).toEqual([404, 'P443']);
  });

  it('finalizes a user exchange and records it in the user history', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('x-2') });
    const lock = h.call('createUserExchangeLock', {
      query: { currencyFrom: 'eur', currencyTo: 'usdc', amount: '50' },
    }).body;
    const created = h.call('createUserExchange', {
      body: {
        externalUserId: 'x-2',
        amount: 50,
        currencyFrom: 'eur',
        currencyTo: 'usdc',
        lockId: lock.lockId,
      },
    });
    const details = h.call('getUserExchangeDetails', {
      params: { exchangeId: String(created.body.exchangeId) },
    }).body;
    expect(details.externalUserId).toBe('x-2');
    const history = h.call('getUserTransactionHistory', { params: { externalUserId: 'x-2' } }).body;
    expect(history.items).toEqual([
      expect.objectContaining({ id: created.body.exchangeId, type: 'EXCHANGE', amount: '50' }),
    ]);
  });

  it('gives indicative rates consistent with locks and refuses a same-currency pair (P456)', () => {
    const h = harness();
    const rate = h.call('getUserExchangeRate', { query: { currencyFrom: 'btc', currencyTo: 'eur' } }).body;
    expect(rate.amount).toBe(1);
    expect(Number(rate.rate)).toBeGreaterThan(1000);
    const inverse = h.call('getPartnerExchangeRate', {
      query: { currencyFrom: 'eur', currencyTo: 'btc' },
    }).body;
    expect(Number(rate.rate) * Number(inverse.rate)).toBeCloseTo(1, 6);
    expect(
      err(h.call('getPartnerExchangeRate', { query: { currencyFrom: 'eur', currencyTo: 'eur' } })),
    ).toEqual([400, 'P456']);
    expect(
      err(
        h.call('createUserExchangeLock', { query: { currencyFrom: 'eth', currencyTo: 'eth', amount: '1' } }),
      ),
    ).toEqual([400, 'P456']);
  });
});
