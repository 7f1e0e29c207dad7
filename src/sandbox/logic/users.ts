import { historyPage } from './history';
import { type Crypto, type Currency, fixed, networkConfig, priceEur } from './market';
import { ok, reject, rejectInvalid } from './respond';
import type { BalanceRecord, Ctx, HandlerTable, UserProfile, UserRecord } from './state';
import { wallets } from './wallets';

const KYC_CRYPTO: Crypto[] = ['pol', 'usdc', 'btc', 'eth', 'ltc'];
/** Order of the documented non-KYC example: eth, usdc, eur, ltc (plus pol and btc). */
const NON_KYC_CURRENCIES: Currency[] = ['eth', 'usdc', 'eur', 'ltc', 'pol', 'btc'];

interface RequireOptions {
  /** The operation needs a user created with KYC (P454 otherwise). */
  kyc?: boolean;
  /** The operation moves money or changes the account (P455 for a suspended user). */
  notSuspended?: boolean;
}

/** The user, or the documented error: P412 unknown/deleted, P454 not KYC, P455 suspended. */
export function requireUser(ctx: Ctx, externalUserId: string, options: RequireOptions = {}): UserRecord {
  const user = ctx.state.users.get(externalUserId);
  if (!user || user.status === 'DELETED') reject('P412');
  if (options.kyc && !user.kyc) reject('P454');
  if (options.notSuspended && user.status === 'SUSPENDED') reject('P455');
  return user;
}

export function newUser(
  ctx: Ctx,
  externalUserId: string,
  kyc: boolean,
  profile: UserProfile,
  userId = ctx.random.uuid(),
): UserRecord {
  const currencies: Currency[] = kyc ? ['eur', ...KYC_CRYPTO] : NON_KYC_CURRENCIES;
  const balances: BalanceRecord[] = currencies.map((currency) => ({
    id: ctx.random.uuid(),
    currency,
    amount: 0,
    wallet: null,
  }));
  const user: UserRecord = {
    userId,
    externalUserId,
    kyc,
    activated: !kyc,
    status: kyc ? 'WAITING_FOR_ACTIVATION' : 'ACTIVE',
    resumeStatus: 'ACTIVE',
    level: 'STANDARD',
    profile,
    iban: `LT${ctx.random.digits(18)}`,
    depositTitle: ctx.random.uuid(),
    balances,
    contacts: [],
    history: [],
    createdAtMs: ctx.now,
  };
  ctx.state.users.set(externalUserId, user);
  return user;
}

/** Balances become usable: wallets assigned, fiat ACTIVE with the IBAN. */
export function activate(ctx: Ctx, user: UserRecord): void {
  user.activated = true;
  if (user.status === 'WAITING_FOR_ACTIVATION') user.status = 'ACTIVE';
  if (user.resumeStatus === 'WAITING_FOR_ACTIVATION') user.resumeStatus = 'ACTIVE';
  for (const b of user.balances)
    if (b.currency !== 'eur' && b.wallet === null) b.wallet = wallets.address(ctx, b.currency);
}

export function fiatView(b: BalanceRecord, iban: string | null, active: boolean): Record<string, unknown> {
  return {
    id: b.id,
    amount: fixed(b.amount, 'eur'),
    name: 'eur',
    rate: 1,
    iban: active ? iban : null,
    status: active ? 'ACTIVE' : 'WAITING_TO_BE_ACTIVATED',
  };
}

export function cryptoView(b: BalanceRecord): Record<string, unknown> {
  return {
    id: b.id,
    amount: fixed(b.amount, b.currency),
    name: b.currency,
    wallet: b.wallet,
    rate: priceEur(b.currency),
    networkConfig: networkConfig(b.currency as Crypto),
  };
}

const summary = (u: UserRecord) =>
  ok({ userId: u.userId, externalUserId: u.externalUserId, status: u.status });

function createUser(ctx: Ctx, body: Record<string, string>, kyc: boolean): UserRecord {
  if (ctx.state.users.has(body.externalUserId)) reject('P411');
  const { externalUserId, ...rest } = body;
  return newUser(ctx, externalUserId, kyc, rest as unknown as UserProfile);
}

export const userHandlers: HandlerTable = {
  createUser(req, ctx) {
    const user = createUser(ctx, req.body as Record<string, string>, true);
    // POA is currently suspended by P100 (latest docs), so it is never required here.
    return ok({ userId: user.userId, poaRequiredForExtended: false });
  },

  createUserWithoutKyc(req, ctx) {
    const user = createUser(ctx, req.body as Record<string, string>, false);
    const balances = user.balances.map((b) =>
      b.currency === 'eur'
        ? { id: b.id, amount: fixed(b.amount, 'eur'), name: 'eur', wallet: null, rate: 1 }
        : cryptoView(b),
    );
    return ok({ userId: user.userId, balances });
  },

  addKycFile(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId, { kyc: true });
    const body = req.body as { documentType: string; back?: string };
    if (body.documentType !== 'PASSPORT' && body.back === undefined) {
      rejectInvalid(`back is required for documentType ${body.documentType}`);
    }
    return ok({ externalUserId: user.externalUserId, status: 'ADDED' });
  },

  addPoaFile(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId, { kyc: true });
    return ok({ externalUserId: user.externalUserId, status: 'WAITING' });
  },

  addUserVerification(req, ctx) {
    const body = req.body as { externalUserId: string };
    const user = requireUser(ctx, body.externalUserId, { kyc: true, notSuspended: true });
    activate(ctx, user);
    return summary(user);
  },

  extendUser(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId, { kyc: true, notSuspended: true });
    user.level = 'EXTENDED';
    return ok({ externalUserId: user.externalUserId, level: user.level });
  },

  updateUser(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId);
    Object.assign(user.profile, req.body as Partial<UserProfile>);
    return summary(user);
  },

  deleteUser(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId);
    user.status = 'DELETED';
    for (const card of ctx.state.cards.values()) {
      if (card.externalUserId === user.externalUserId) card.status = 'DELETED';
    }
    return summary(user);
  },

  suspendUser(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId, { notSuspended: true });
    user.resumeStatus = user.status;
    user.status = 'SUSPENDED';
    return summary(user);
  },

  unsuspendUser(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId);
    if (user.status === 'SUSPENDED') user.status = user.resumeStatus;
    return summary(user);
  },

  getUserBalances(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId);
    const fiat = user.balances.filter((b) => b.currency === 'eur');
    const crypto = user.balances.filter((b) => b.currency !== 'eur');
    return ok({
      userId: user.userId,
      externalUserId: user.externalUserId,
      status: user.status,
      fiatBalances: fiat.map((b) => fiatView(b, user.kyc ? user.iban : null, user.activated)),
      cryptoBalances: crypto.map(cryptoView),
    });
  },

  getUserTransactionHistory(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId);
    return ok(historyPage(user.history, req, ctx.now));
  },
};
