import type { HandlerRequest, HandlerResponse } from '../handler-types';
import type { Crypto, Currency, Network } from './market';
import type { Random } from './random';

/** How long a queued operation stays PENDING before it settles (the API is asynchronous). */
export const SETTLE_MS = 1000;
/** Exchange locks: "a limited time" in the docs; 60 s here (stated in the contract). */
export const EXCHANGE_LOCK_TTL_MS = 60_000;
/** Order locks: 15 minutes (stated in the contract). */
export const ORDER_LOCK_TTL_MS = 15 * 60_000;

export type UserStatus = 'WAITING_FOR_ACTIVATION' | 'ACTIVE' | 'SUSPENDED' | 'DELETED';

export interface BalanceRecord {
  id: string;
  currency: Currency;
  amount: number;
  wallet: string | null;
}

export interface UserProfile {
  email: string;
  firstName: string;
  lastName: string;
  country: string;
  phone?: string;
  street?: string;
  number?: string;
  address?: string;
  city?: string;
  postCode?: string;
  documentType?: string;
  documentNumber?: string;
  pesel?: string;
  birthCountry?: string;
  birthDate?: string;
}

export interface Contact {
  iban: string;
  name: string | null;
  addedAtMs: number;
}

export interface LedgerEntry {
  id: string;
  type: 'EXCHANGE' | 'SEPA_TRANSFER' | 'CRYPTO_WITHDRAWAL' | 'CRYPTO_DEPOSIT' | 'TRANSFER' | 'ORDER';
  amount: number;
  currency: Currency;
  createdAtMs: number;
}

export interface UserRecord {
  userId: string;
  externalUserId: string;
  kyc: boolean;
  /** Balances generated and IBAN issued (KYC users: after Add User Verification). */
  activated: boolean;
  status: UserStatus;
  /** Status to return to on unsuspend. */
  resumeStatus: UserStatus;
  level: 'STANDARD' | 'EXTENDED';
  profile: UserProfile;
  iban: string;
  depositTitle: string;
  balances: BalanceRecord[];
  contacts: Contact[];
  history: LedgerEntry[];
  createdAtMs: number;
}

export interface LockRecord {
  lockId: string;
  /** Partner and user locks are not interchangeable. */
  scope: 'partner' | 'user' | 'order';
  currencyFrom: Currency;
  currencyTo: Currency;
  network?: Network;
  /** Exchange: amount of currencyFrom; order: crypto amount to pay. */
  amount: number;
  rate: string;
  expiresAtMs: number;
  used: boolean;
}

export interface ExchangeRecord {
  exchangeId: string;
  lockId: string;
  externalUserId: string | null;
  currencyFrom: Currency;
  currencyTo: Currency;
  amount: number;
  rate: string;
  receivedAmount: number;
  createdAtMs: number;
}

export interface SepaTransferRecord {
  id: string;
  externalUserId: string | null;
  amount: number;
  transferTitle: string;
  destinationIban: string;
  receiverFirstName: string | null;
  receiverLastName: string | null;
  companyName: string | null;
  fee: number;
  createdAtMs: number;
}

export interface WithdrawalRecord {
  withdrawalId: string;
  externalUserId: string | null;
  currency: Crypto;
  network: Network;
  amount: number;
  fee: number;
  walletAddress: string;
  transactionHash: string;
  createdAtMs: number;
}

export interface DepositRecord {
  cryptoDepositId: string;
  externalUserId: string;
  status: 'SUCCESSFUL' | 'UNSUCCESSFUL' | 'WAITING_FOR_VERIFICATION' | 'WAITING_FOR_TR_DATA';
}

export interface TransferRecord {
  id: string;
  sourceExternalUserId: string | null;
  destinationExternalUserId: string | null;
  amount: number;
  currency: Currency;
  createdAtMs: number;
}

export interface OrderRecord {
  orderId: string;
  lockId: string;
  currency: Crypto;
  network: Network;
  totalAmountRequired: number;
  walletAddress: string;
  createdAtMs: number;
  /** Documented example orders are returned exactly as documented. */
  frozen?: Record<string, unknown>;
}

export interface PaymentLinkRecord {
  paymentLinkId: string;
  type: 'PAYMENT_LINK' | 'HOSTED_CHECKOUT';
  amount: number;
  url: string;
  createdAtMs: number;
  expiresAtMs: number;
  frozen?: Record<string, unknown>;
}

export interface KycRecord {
  verificationId: string;
  externalUserId: string;
  redirectedAtMs: number | null;
}

export type CardStatus = 'ACTIVE' | 'LOCKED_BY_USER' | 'BLOCKED' | 'SUSPENDED' | 'DELETED';

export interface CardLimits {
  monthlyTrxAll: number;
  dailyTrxAll: number;
  monthlyTrxAtm: number;
  dailyTrxAtm: number;
  monthlyTrxEcom: number;
  dailyTrxEcom: number;
}

export interface CardRecord {
  cardId: string;
  externalUserId: string;
  status: CardStatus;
  label: string | null;
  cardNumber: string;
  cvv: string;
  exp: string;
  pin: string | null;
  limits: CardLimits;
  createdAtMs: number;
}

export interface PartnerRecord {
  balances: BalanceRecord[];
  iban: string;
  contacts: Contact[];
  history: LedgerEntry[];
}

export interface State {
  partner: PartnerRecord;
  users: Map<string, UserRecord>;
  locks: Map<string, LockRecord>;
  exchanges: Map<string, ExchangeRecord>;
  sepaTransfers: Map<string, SepaTransferRecord>;
  withdrawals: Map<string, WithdrawalRecord>;
  deposits: Map<string, DepositRecord>;
  transfers: Map<string, TransferRecord>;
  orders: Map<string, OrderRecord>;
  paymentLinks: Map<string, PaymentLinkRecord>;
  kyc: Map<string, KycRecord>;
  cards: Map<string, CardRecord>;
  /** Every card creation per user (deleted cards included): the rolling creation limits count these. */
  cardCreations: Map<string, number[]>;
}

export interface Ctx {
  state: State;
  random: Random;
  /** Server clock of this request, epoch ms. */
  now: number;
}

export type Handler = (req: HandlerRequest, ctx: Ctx) => HandlerResponse;
export type HandlerTable = Record<string, Handler>;

export function emptyState(): State {
  return {
    partner: { balances: [], iban: '', contacts: [], history: [] },
    users: new Map(),
    locks: new Map(),
    exchanges: new Map(),
    sepaTransfers: new Map(),
    withdrawals: new Map(),
    deposits: new Map(),
    transfers: new Map(),
    orders: new Map(),
    paymentLinks: new Map(),
    kyc: new Map(),
    cards: new Map(),
    cardCreations: new Map(),
  };
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** PENDING until the operation settles, then SUCCESSFUL. */
export function settled(createdAtMs: number, now: number): 'PENDING' | 'SUCCESSFUL' {
  return now - createdAtMs < SETTLE_MS ? 'PENDING' : 'SUCCESSFUL';
}
