import type { HandlerRequest } from '../handler-types';
import { record } from './history';
import { type Crypto, requireNetwork, terms } from './market';
import { ok, reject, rejectInvalid } from './respond';
import { type Ctx, type HandlerTable, iso, settled, type WithdrawalRecord } from './state';
import { requireUser } from './users';
import { wallets } from './wallets';

function networkFee(req: HandlerRequest) {
  const currency = req.query.currency as Crypto;
  return ok({ networkFee: terms(currency, requireNetwork(currency, req.query.network)).feeWithdrawal });
}

interface WithdrawalBody {
  sourceExternalUserId?: string;
  currency: Crypto;
  amount: number;
  walletAddress: string;
  network?: string;
}

function createWithdrawal(req: HandlerRequest, ctx: Ctx) {
  const b = req.body as WithdrawalBody;
  const user =
    b.sourceExternalUserId === undefined
      ? null
      : requireUser(ctx, b.sourceExternalUserId, { notSuspended: true });
  const n = requireNetwork(b.currency, b.network);
  const t = terms(b.currency, n);
  if (b.amount < t.minWithdrawal)
    rejectInvalid(`amount must not be less than ${t.minWithdrawal} ${b.currency}`);
  const w: WithdrawalRecord = {
    withdrawalId: ctx.random.uuid(),
    externalUserId: user?.externalUserId ?? null,
    currency: b.currency,
    network: n,
    amount: b.amount,
    fee: t.feeWithdrawal,
    walletAddress: b.walletAddress,
    transactionHash: wallets.txHash(ctx),
    createdAtMs: ctx.now,
  };
  ctx.state.withdrawals.set(w.withdrawalId, w);
  record(user ? user.history : ctx.state.partner.history, {
    id: w.withdrawalId,
    type: 'CRYPTO_WITHDRAWAL',
    amount: w.amount,
    currency: w.currency,
    createdAtMs: ctx.now,
  });
  return ok({ withdrawalId: w.withdrawalId });
}

function withdrawalDetails(req: HandlerRequest, ctx: Ctx) {
  const w = ctx.state.withdrawals.get(req.params.withdrawalId);
  if (!w) reject('P445');
  const status = settled(w.createdAtMs, ctx.now);
  return ok({
    withdrawalId: w.withdrawalId,
    externalUserId: w.externalUserId,
    currency: w.currency,
    network: w.network,
    amount: w.amount,
    fee: w.fee,
    walletAddress: w.walletAddress,
    status,
    // The hash exists only once the transaction is broadcast.
    transactionHash: status === 'PENDING' ? null : w.transactionHash,
    createdAt: iso(w.createdAtMs),
  });
}

interface TravelRuleBody {
  senderType: 'NATURAL' | 'LEGAL';
  senderFirstName?: string;
  senderLastName?: string;
  senderCompanyName?: string;
}

export const cryptoHandlers: HandlerTable = {
  getNetworkFee: networkFee,
  getPartnerNetworkFee: networkFee,
  createCryptoWithdrawal: createWithdrawal,
  createPartnerCryptoWithdrawal: createWithdrawal,
  getCryptoWithdrawalDetails: withdrawalDetails,
  getPartnerCryptoWithdrawalDetails: withdrawalDetails,
  updateTravelRule(req, ctx) {
    const d = ctx.state.deposits.get(req.params.cryptoDepositId);
    if (!d) reject('P448');
    const b = req.body as TravelRuleBody;
    if (b.senderType === 'NATURAL' && (b.senderFirstName === undefined || b.senderLastName === undefined)) {
      rejectInvalid('senderFirstName and senderLastName are required for senderType NATURAL');
    }
    if (b.senderType === 'LEGAL' && b.senderCompanyName === undefined) {
      rejectInvalid('senderCompanyName is required for senderType LEGAL');
    }
    if (d.status !== 'WAITING_FOR_TR_DATA') reject('P453');
    d.status = 'WAITING_FOR_VERIFICATION';
    return ok({ cryptoDepositId: d.cryptoDepositId, status: d.status });
  },
};
