import { rejectInvalid } from './respond';

/**
 * The sandbox's static market: EUR prices, networks per currency, withdrawal fees and minimums.
 * Values follow the staging examples in the docs where they exist (networkConfig), else round numbers.
 */
export const CRYPTO = ['btc', 'doge', 'eth', 'eurt', 'ltc', 'pol', 'usdc', 'usdt'] as const;
export type Crypto = (typeof CRYPTO)[number];
export type Currency = Crypto | 'eur';
export type Network = 'ethereum' | 'polygon' | 'btc' | 'ltc' | 'doge';

/** EUR per one unit. */
const PRICE_EUR: Record<Currency, number> = {
  eur: 1,
  btc: 60000,
  doge: 0.1,
  eth: 2950.12,
  eurt: 1,
  ltc: 70,
  pol: 0.19598695,
  usdc: 0.84,
  usdt: 0.84,
};

/** Networks each currency runs on; the first is the default (docs: usdc/usdt default to ethereum). */
export const NETWORKS: Record<Crypto, Network[]> = {
  btc: ['btc'],
  doge: ['doge'],
  eth: ['ethereum'],
  eurt: ['ethereum'],
  ltc: ['ltc'],
  pol: ['polygon'],
  usdc: ['ethereum', 'polygon'],
  usdt: ['ethereum', 'polygon'],
};

interface NetworkTerms {
  mainnet: boolean;
  name: string;
  feeWithdrawal: number;
  minWithdrawal: number;
  minDeposit: number;
}

const TESTNET: Record<Network, string> = {
  ethereum: 'sepolia',
  polygon: 'amoy',
  btc: 'test',
  ltc: 'test',
  doge: 'test',
};

/** Staging values from the Create User examples; the rest are plausible round numbers. */
const TERMS: Record<string, [number, number, number]> = {
  'pol/polygon': [0.001, 0.00005, 0],
  'usdc/ethereum': [10, 1, 5],
  'usdc/polygon': [0.5, 2, 0],
  'usdt/ethereum': [10, 1, 5],
  'usdt/polygon': [0.5, 2, 0],
  'eth/ethereum': [0.003, 0.0006, 0],
  'btc/btc': [0.0003, 0.0001, 0],
  'ltc/ltc': [0.002, 0.001, 0],
  'doge/doge': [5, 20, 0],
  'eurt/ethereum': [10, 1, 5],
};

export function terms(currency: Crypto, network: Network): NetworkTerms {
  const [feeWithdrawal, minWithdrawal, minDeposit] = TERMS[`${currency}/${network}`] ?? [0, 0, 0];
  return { mainnet: false, name: TESTNET[network], feeWithdrawal, minWithdrawal, minDeposit };
}

/** The networkConfig object of a crypto balance, keyed by network. */
export function networkConfig(currency: Crypto): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const network of NETWORKS[currency]) {
    const t = terms(currency, network);
    out[network] = {
      mainnet: t.mainnet,
      name: t.name,
      withdrawal: { feeWithdrawal: t.feeWithdrawal, minWithdrawal: t.minWithdrawal },
      deposit: { minDeposit: t.minDeposit },
    };
  }
  return out;
}

/** Units of `to` per unit of `from`. */
export function rate(from: Currency, to: Currency): number {
  return PRICE_EUR[from] / PRICE_EUR[to];
}

export function priceEur(currency: Currency): number {
  return PRICE_EUR[currency];
}

/**
 * A decimal string with at most `places` decimals and no trailing zeros, as the contract's
 * DecimalString/Rate patterns expect (never exponent notation).
 */
export function decimal(value: number, places = 8): string {
  const fixed = value.toFixed(places);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Fixed decimals, as balances are written ("0.00", "0.00000000"). */
export function fixed(value: number, currency: Currency): string {
  return value.toFixed(currency === 'eur' ? 2 : 8);
}

export function round(value: number, places = 8): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

/** Resolves and checks the network of a crypto operation (default: the currency's first). */
export function resolveNetwork(currency: Crypto, network: string | undefined): Network | undefined {
  if (network === undefined) return NETWORKS[currency][0];
  return (NETWORKS[currency] as string[]).includes(network) ? (network as Network) : undefined;
}

/** The network as resolveNetwork finds it; one the currency does not run on is a P403. */
export function requireNetwork(currency: Crypto, network: string | undefined): Network {
  const resolved = resolveNetwork(currency, network);
  if (resolved === undefined) rejectInvalid(`network ${network} is not available for currency ${currency}`);
  return resolved;
}
