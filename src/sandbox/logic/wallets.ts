import type { Currency } from './market';
import type { Ctx } from './state';

/** Deposit addresses in the style of each chain (testnet prefixes; never real addresses). */
export const wallets = {
  address(ctx: Ctx, currency: Currency, network?: string): string {
    const chain = network ?? currency;
    if (chain === 'btc') return `tb1q${ctx.random.hex(38)}`;
    if (chain === 'ltc') return `tltc1q${ctx.random.hex(38)}`;
    if (chain === 'doge') return `n${ctx.random.hex(33)}`;
    return `0x${ctx.random.hex(40)}`;
  },
  txHash(ctx: Ctx): string {
    return `0x${ctx.random.hex(64)}`;
  },
};
