import type { HandlerRequest } from '../handler-types';
import { takeLock } from './exchange';
import { record } from './history';
import { type Crypto, decimal, NETWORKS, type Network, priceEur, requireNetwork } from './market';
import { ok, reject, rejectInvalid } from './respond';
import {
  type Ctx,
  type HandlerTable,
  iso,
  type LockRecord,
  ORDER_LOCK_TTL_MS,
  type OrderRecord,
  SETTLE_MS,
} from './state';
import { wallets } from './wallets';

/** Currencies accepted as order payment (stablecoins and the majors). */
const ORDER_CURRENCIES: Crypto[] = ['usdc', 'usdt', 'eth', 'pol', 'btc', 'ltc'];
/** Orders not paid within this time after the wallet address is issued expire. */
const ORDER_PAYMENT_WINDOW_MS = 30 * 60_000;
const REQUIRED_CONFIRMATIONS: Record<Network, number> = { ethereum: 12, polygon: 3, btc: 2, ltc: 6, doge: 6 };

function rates(req: HandlerRequest) {
  const out: Record<string, unknown>[] = [];
  for (const currency of ORDER_CURRENCIES) {
    if (req.query.currency !== undefined && req.query.currency !== currency) continue;
    for (const network of NETWORKS[currency]) {
      if (req.query.network !== undefined && req.query.network !== network) continue;
      out.push({ currency, network, destinationCurrency: 'eur', rate: decimal(priceEur(currency), 12) });
    }
  }
  return ok({ rates: out });
}

interface LockBody {
  currency: Crypto;
  amount: string;
  network: Network;
}

function createLock(req: HandlerRequest, ctx: Ctx) {
  const b = req.body as LockBody;
  if (!ORDER_CURRENCIES.includes(b.currency))
    reject('P410', `Currency ${b.currency} is not accepted for orders.`);
  requireNetwork(b.currency, b.network);
  const fiat = Number(b.amount);
  if (!(fiat > 0)) rejectInvalid('amount must be greater than 0');
  const rate = priceEur(b.currency);
  const lock: LockRecord = {
    lockId: ctx.random.uuid(),
    scope: 'order',
    currencyFrom: b.currency,
    currencyTo: 'eur',
    network: b.network,
    // Documented: the response amount is the crypto amount needed for the requested fiat amount,
    // truncated to 6 decimals as in the example (346.59 / 0.84 -> 412.607142).
    amount: Math.floor((fiat / rate) * 1e6) / 1e6,
    rate: decimal(rate, 12),
    expiresAtMs: ctx.now + ORDER_LOCK_TTL_MS,
    used: false,
  };
  ctx.state.locks.set(lock.lockId, lock);
  return ok({
    lockId: lock.lockId,
    amount: lock.amount,
    rate: lock.rate,
    expiresAt: iso(lock.expiresAtMs),
    currency: b.currency,
    destinationCurrency: 'eur',
    network: b.network,
  });
}

function createOrder(req: HandlerRequest, ctx: Ctx) {
  const lock = takeLock(ctx, (req.body as { lockId: string }).lockId, 'order');
  const network = lock.network ?? 'polygon';
  const order: OrderRecord = {
    orderId: ctx.random.uuid(),
    lockId: lock.lockId,
    currency: lock.currencyFrom as Crypto,
    network,
    totalAmountRequired: lock.amount,
    walletAddress: wallets.address(ctx, lock.currencyFrom, network),
    createdAtMs: ctx.now,
  };
  ctx.state.orders.set(order.orderId, order);
  record(ctx.state.partner.history, {
    id: order.orderId,
    type: 'ORDER',
    amount: order.totalAmountRequired,
    currency: order.currency,
    createdAtMs: ctx.now,
  });
  return ok({ orderId: order.orderId });
}

/** WAITING_FOR_WALLET_ADDRESS (documented start), then WAITING_FOR_PAYMENT, then EXPIRED unpaid. */
function orderDetails(req: HandlerRequest, ctx: Ctx) {
  const o = ctx.state.orders.get(req.params.orderId);
  if (!o) reject('P444');
  if (o.frozen) return ok(o.frozen);
  const addressAtMs = o.createdAtMs + SETTLE_MS;
  const hasAddress = ctx.now >= addressAtMs;
  const expiresAtMs = addressAtMs + ORDER_PAYMENT_WINDOW_MS;
  const status = !hasAddress
    ? 'WAITING_FOR_WALLET_ADDRESS'
    : ctx.now < expiresAtMs
      ? 'WAITING_FOR_PAYMENT'
      : 'EXPIRED';
  return ok({
    orderId: o.orderId,
    lockId: o.lockId,
    status,
    createdAt: iso(o.createdAtMs),
    confirmations: 0,
    requiredConfirmations: REQUIRED_CONFIRMATIONS[o.network],
    receivedAmount: 0,
    totalAmountRequired: o.totalAmountRequired,
    cryptocurrency: o.currency,
    walletAddress: hasAddress ? o.walletAddress : null,
    transactionHash: null,
    network: o.network.toUpperCase(),
    expiresAt: hasAddress ? iso(expiresAtMs) : null,
  });
}

export const orderHandlers: HandlerTable = {
  getOrderRates: rates,
  createOrderLock: createLock,
  createOrder,
  getOrderDetails: orderDetails,
};
