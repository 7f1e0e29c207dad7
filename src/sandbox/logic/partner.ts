import { historyPage } from './history';
import { type Crypto, requireNetwork } from './market';
import { ok } from './respond';
import type { HandlerTable } from './state';
import { cryptoView, fiatView } from './users';
import { wallets } from './wallets';

export const partnerHandlers: HandlerTable = {
  getPartnerBalances(_req, ctx) {
    const { balances, iban } = ctx.state.partner;
    return ok({
      fiatBalances: balances.filter((b) => b.currency === 'eur').map((b) => fiatView(b, iban, true)),
      cryptoBalances: balances.filter((b) => b.currency !== 'eur').map(cryptoView),
    });
  },

  getPartnerTransactionHistory: (req, ctx) => ok(historyPage(ctx.state.partner.history, req, ctx.now)),

  createPartnerWallet(req, ctx) {
    const b = req.body as { currency: Crypto; network?: string };
    const network = requireNetwork(b.currency, b.network);
    const address = wallets.address(ctx, b.currency, network);
    const balance = ctx.state.partner.balances.find((x) => x.currency === b.currency);
    if (balance) balance.wallet = address;
    else
      ctx.state.partner.balances.push({
        id: ctx.random.uuid(),
        currency: b.currency,
        amount: 0,
        wallet: address,
      });
    return ok({ walletId: ctx.random.uuid(), currency: b.currency, network, address });
  },
};
