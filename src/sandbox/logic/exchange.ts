import type { HandlerRequest } from '../handler-types';
import { record } from './history';
import { type Currency, decimal, rate, round } from './market';
import { ok, reject } from './respond';
import {
  type Ctx,
  EXCHANGE_LOCK_TTL_MS,
  type ExchangeRecord,
  type HandlerTable,
  iso,
  type LockRecord,
  SETTLE_MS,
} from './state';
import { requireUser } from './users';

interface RateQuery {
  currencyFrom: Currency;
  currencyTo: Currency;
  amount: number;
}

function rateQuery(req: HandlerRequest, amountRequired: boolean): RateQuery {
  const currencyFrom = req.query.currencyFrom as Currency;
  const currencyTo = req.query.currencyTo as Currency;
  if (currencyFrom === currencyTo) reject('P456');
  const amount = req.query.amount === undefined && !amountRequired ? 1 : Number(req.query.amount);
  return { currencyFrom, currencyTo, amount };
}

function quote(q: RateQuery): { rate: string; estimatedAmount: number } {
  const r = rate(q.currencyFrom, q.currencyTo);
  return { rate: decimal(r, 12), estimatedAmount: round(q.amount * r) };
}

function getRate(req: HandlerRequest) {
  const q = rateQuery(req, false);
  const { rate: r, estimatedAmount } = quote(q);
  return ok({
    currencyFrom: q.currencyFrom,
    currencyTo: q.currencyTo,
    rate: r,
    amount: q.amount,
    estimatedAmount,
  });
}

function createLock(req: HandlerRequest, ctx: Ctx, scope: 'partner' | 'user') {
  const q = rateQuery(req, true);
  const { rate: r, estimatedAmount } = quote(q);
  const lock: LockRecord = {
    lockId: ctx.random.uuid(),
    scope,
    ...q,
    rate: r,
    expiresAtMs: ctx.now + EXCHANGE_LOCK_TTL_MS,
    used: false,
  };
  ctx.state.locks.set(lock.lockId, lock);
  return ok({
    lockId: lock.lockId,
    currencyFrom: q.currencyFrom,
    currencyTo: q.currencyTo,
    amount: q.amount,
    rate: r,
    estimatedAmount,
    expiresAt: iso(lock.expiresAtMs),
  });
}

/** A lock of the right kind, unexpired and unused; marks it used. */
export function takeLock(ctx: Ctx, lockId: string, scope: LockRecord['scope']): LockRecord {
  const lock = ctx.state.locks.get(lockId);
  if (!lock || lock.scope !== scope) reject('P442');
  if (lock.used) reject('P441');
  if (ctx.now > lock.expiresAtMs) reject('P440');
  lock.used = true;
  return lock;
}

interface ExchangeBody {
  externalUserId?: string;
  amount: number;
  currencyFrom: Currency;
  currencyTo: Currency;
  lockId: string;
}

function createExchange(req: HandlerRequest, ctx: Ctx, scope: 'partner' | 'user') {
  const body = req.body as ExchangeBody;
  const user =
    body.externalUserId === undefined ? null : requireUser(ctx, body.externalUserId, { notSuspended: true });
  const lock = ctx.state.locks.get(body.lockId);
  // A mismatching request must not burn the lock, so compare before taking it.
  if (
    lock &&
    lock.scope === scope &&
    (lock.currencyFrom !== body.currencyFrom ||
      lock.currencyTo !== body.currencyTo ||
      lock.amount !== body.amount)
  ) {
    reject('P457');
  }
  const taken = takeLock(ctx, body.lockId, scope);
  const exchange: ExchangeRecord = {
    exchangeId: ctx.random.uuid(),
    lockId: taken.lockId,
    externalUserId: user?.externalUserId ?? null,
    currencyFrom: taken.currencyFrom,
    currencyTo: taken.currencyTo,
    amount: taken.amount,
    rate: taken.rate,
    receivedAmount: round(taken.amount * Number(taken.rate)),
    createdAtMs: ctx.now,
  };
  ctx.state.exchanges.set(exchange.exchangeId, exchange);
  const ledger = user ? user.history : ctx.state.partner.history;
  record(ledger, {
    id: exchange.exchangeId,
    type: 'EXCHANGE',
    amount: exchange.amount,
    currency: exchange.currencyFrom,
    createdAtMs: ctx.now,
  });
  return ok({ exchangeId: exchange.exchangeId });
}

function exchangeDetails(req: HandlerRequest, ctx: Ctx) {
  const e = ctx.state.exchanges.get(req.params.exchangeId);
  if (!e) reject('P443');
  const pending = ctx.now - e.createdAtMs < SETTLE_MS;
  return ok({
    exchangeId: e.exchangeId,
    lockId: e.lockId,
    externalUserId: e.externalUserId,
    currencyFrom: e.currencyFrom,
    currencyTo: e.currencyTo,
    amount: e.amount,
    rate: e.rate,
    receivedAmount: e.receivedAmount,
    status: pending ? 'PENDING' : 'COMPLETED',
    createdAt: iso(e.createdAtMs),
  });
}

export const exchangeHandlers: HandlerTable = {
  getPartnerExchangeRate: (req) => getRate(req),
  getUserExchangeRate: (req) => getRate(req),
  createPartnerExchangeLock: (req, ctx) => createLock(req, ctx, 'partner'),
  createUserExchangeLock: (req, ctx) => createLock(req, ctx, 'user'),
  createPartnerExchange: (req, ctx) => createExchange(req, ctx, 'partner'),
  createUserExchange: (req, ctx) => createExchange(req, ctx, 'user'),
  getPartnerExchangeDetails: exchangeDetails,
  getUserExchangeDetails: exchangeDetails,
};
