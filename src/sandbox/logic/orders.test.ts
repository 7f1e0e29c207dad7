import { describe, expect, it } from 'vitest';
import { ORDER_LOCK_TTL_MS, SETTLE_MS } from './state';
import { harness } from './test-harness';

const err = (res: { status: number; body: Record<string, unknown> }) => [res.status, res.body.errorCode];

describe('orders', () => {
  it('lock -> order -> details: wallet address after settling, then expiry when unpaid', () => {
    const h = harness();
    const lock = h.call('createOrderLock', {
      body: { currency: 'usdc', amount: '346.59', network: 'polygon' },
    }).body;
    // Documented: the response amount is the crypto needed for the requested fiat amount (346.59 / 0.84).
    expect(lock.amount).toBeCloseTo(412.607142, 6);
    expect(lock).toMatchObject({
      rate: '0.84',
      currency: 'usdc',
      destinationCurrency: 'eur',
      network: 'polygon',
    });

    const order = h.call('createOrder', { body: { lockId: lock.lockId } }).body;
    const params = { orderId: String(order.orderId) };
    const first = h.call('getOrderDetails', { params }).body;
    expect(first).toMatchObject({
      status: 'WAITING_FOR_WALLET_ADDRESS',
      walletAddress: null,
      network: 'POLYGON',
      lockId: lock.lockId,
    });
    h.advance(SETTLE_MS);
    const waiting = h.call('getOrderDetails', { params }).body;
    expect(waiting.status).toBe('WAITING_FOR_PAYMENT');
    expect(waiting.walletAddress).toMatch(/^0x[0-9a-f]{40}$/);
    h.advance(Date.parse(String(waiting.expiresAt)) - h.now);
    expect(h.call('getOrderDetails', { params }).body.status).toBe('EXPIRED');
  });

  it('rejects a used (P441), expired (P440), unknown (P442) or exchange lock for an order', () => {
    const h = harness();
    const lock = () =>
      h.call('createOrderLock', { body: { currency: 'usdt', amount: '10', network: 'ethereum' } }).body
        .lockId;
    const used = lock();
    h.call('createOrder', { body: { lockId: used } });
    expect(err(h.call('createOrder', { body: { lockId: used } }))).toEqual([400, 'P441']);
    const stale = lock();
    h.advance(ORDER_LOCK_TTL_MS + 1);
    expect(err(h.call('createOrder', { body: { lockId: stale } }))).toEqual([400, 'P440']);
    expect(err(h.call('createOrder', { body: { lockId: '00000000-0000-4000-8000-000000000000' } }))).toEqual([
      404,
      'P442',
    ]);
    const fx = h.call('createPartnerExchangeLock', {
      query: { currencyFrom: 'eth', currencyTo: 'eur', amount: '1' },
    }).body;
    expect(err(h.call('createOrder', { body: { lockId: fx.lockId } }))).toEqual([404, 'P442']);
  });

  it('refuses a network the currency does not run on (P403) and unknown orders (P444)', () => {
    const h = harness();
    const res = h.callInvalid('createOrderLock', {
      body: { currency: 'btc', amount: '10', network: 'polygon' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('P403');
    expect(
      err(h.call('getOrderDetails', { params: { orderId: '00000000-0000-4000-8000-000000000000' } })),
    ).toEqual([404, 'P444']);
  });

  it('filters the indicative order rates by currency and network', () => {
    const h = harness();
    const all = h.call('getOrderRates').body.rates as unknown[];
    const usdc = h.call('getOrderRates', { query: { currency: 'usdc' } }).body.rates as Array<{
      network: string;
    }>;
    expect(usdc.map((r) => r.network).sort()).toEqual(['ethereum', 'polygon']);
    expect(all.length).toBeGreaterThan(usdc.length);
    expect(h.call('getOrderRates', { query: { currency: 'usdc', network: 'btc' } }).body.rates).toEqual([]);
  });
});

describe('payment links', () => {
  it('creates links and hosted checkouts whose details expire on time', () => {
    const h = harness();
    const link = h.call('createPaymentLink', {
      body: { amount: 25, currency: 'eur', expiresInMinutes: 10 },
    }).body;
    const params = { paymentLinkId: String(link.paymentLinkId) };
    expect(h.call('getPaymentLinkDetails', { params }).body).toMatchObject({
      status: 'ACTIVE',
      amount: 25,
      type: 'PAYMENT_LINK',
      url: link.url,
    });
    h.advance(10 * 60_000);
    expect(h.call('getPaymentLinkDetails', { params }).body.status).toBe('EXPIRED');

    const hosted = h.call('createHostedCheckout', {
      body: {
        amount: 5,
        currency: 'eur',
        successUrl: 'https://a.example/ok',
        cancelUrl: 'https://a.example/no',
      },
    }).body;
    expect(String(hosted.url)).toContain('/hosted/');
    expect(
      h.call('getPaymentLinkDetails', { params: { paymentLinkId: String(hosted.paymentLinkId) } }).body.type,
    ).toBe('HOSTED_CHECKOUT');
  });

  it('answers an unknown payment link with 404 P447', () => {
    const h = harness();
    expect(
      err(
        h.call('getPaymentLinkDetails', {
          params: { paymentLinkId: '00000000-0000-4000-8000-000000000000' },
        }),
      ),
    ).toEqual([404, 'P447']);
  });
});
