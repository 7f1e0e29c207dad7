import { DEFAULT_LIMITS } from './cards';
import { decimal, rate as fxRate } from './market';
import type { Ctx, LockRecord } from './state';
import { activate, newUser } from './users';

/**
 * Ids the contract's examples use that cannot be created through the API (or whose documented
 * state cannot be reached quickly), so documented examples work against a fresh sandbox.
 */
export const FIXTURE_IDS = {
  user: '8bdd8c8a-e9b7-475e-9690-8a34e8b78dab',
  nonKycUser: 'bca65c48-df49-4831-a7b2-de7903321581',
  disposableUser: '2c9d4e1f-3a5b-4c6d-8e7f-9a0b1c2d3e4f',
  sepaTransfer: '7fb02323-969a-4936-94ea-86b8773ff1a2',
  partnerSepaTransfer: '45e69696-98bb-44f6-9996-9bb28834a538',
  order: 'a44a0805-dd40-4dc4-80d7-8bc81783ec42',
  orderLock: '36e19a53-a1b4-499c-99f7-b7bfc6be87e4',
  exchange: '3f0aeaa7-1177-4d77-9985-0cb987809801',
  exchangeLock: 'ee7b2f0f-0ffb-4fce-8fb3-66db2ca1f461',
  userExchangeLock: '67f4f364-e6f4-4b93-8b71-1576cbc50e0b',
  cryptoDeposit: 'facc5951-bdc8-46bc-a01c-9b36f25be6af',
  withdrawal: '5b0c6a3e-9d2f-4e7a-8b1c-2d3e4f5a6b7c',
  partnerWithdrawal: '6c1d7b4f-0e3a-4f8b-9c2d-3e4f5a6b7c8d',
  transfer: '8c394557-ba48-4ab4-9349-84d396b4a7f7',
  paymentLink: '9f1e2d3c-4b5a-4c6d-8e7f-a0b1c2d3e4f5',
  card: 'c0a8012e-7a1b-4c5d-9e8f-0123456789ab',
  lockedCard: 'd1b9023f-8b2c-4d6e-8f9a-123456789abc',
  kycVerification: '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a',
} as const;

const F = FIXTURE_IDS;
const YEAR_MS = 365 * 24 * 60 * 60_000;
const at = (iso: string) => Date.parse(iso);
const PL_CONTACT = {
  iban: 'PL49109024028743516259813188',
  name: 'Jan Kowalski',
  addedAtMs: at('2025-08-05T10:33:54.730Z'),
};

function seedUsers(ctx: Ctx): void {
  const jan = newUser(
    ctx,
    F.user,
    true,
    {
      email: 'jan.kowalski@example.pl',
      phone: '486012334567',
      firstName: 'Jan',
      lastName: 'Kowalski',
      street: 'ul. Marszałkowska',
      number: '123/5',
      city: 'Warszawa',
      postCode: '00-001',
      country: 'PL',
      birthCountry: 'PL',
      birthDate: '1990-05-15',
    },
    'f63064b1-c26b-4c9e-af22-0b483262751f',
  );
  activate(ctx, jan);
  jan.contacts.push(PL_CONTACT);
  newUser(ctx, F.nonKycUser, false, {
    email: 'johndoe@gmail.com',
    firstName: 'John',
    lastName: 'Doe',
    address: 'Adama Matuszczaka 51/4',
    city: 'Rzeszów',
    country: 'PL',
    documentType: 'PASSPORT',
    documentNumber: 'CEV124630',
    birthDate: '2000-01-01',
  });
  const spare = newUser(ctx, F.disposableUser, true, {
    email: 'anna.nowak@example.pl',
    firstName: 'Anna',
    lastName: 'Nowak',
    country: 'PL',
  });
  activate(ctx, spare);
}

function seedPartner(ctx: Ctx): void {
  const p = ctx.state.partner;
  p.iban = 'LT333130010135556427';
  p.contacts.push(PL_CONTACT);
  p.balances.push(
    { id: '6a1f6c1e-8f0e-4b5a-9d3c-2e1f0a9b8c7d', currency: 'eur', amount: 1250, wallet: null },
    {
      id: '4b3e2a1f-0c9d-4e8f-a7b6-c5d4e3f2a1b0',
      currency: 'pol',
      amount: 12.5,
      wallet: '0xE353464eBa01d651c16D8879cbCaE1C80568705C',
    },
    { id: ctx.random.uuid(), currency: 'usdc', amount: 500, wallet: `0x${ctx.random.hex(40)}` },
  );
}

function seedLocks(ctx: Ctx): void {
  // Long-lived, single-use locks so the documented request examples can be sent once as they are.
  const far = ctx.now + YEAR_MS;
  const locks: LockRecord[] = [
    {
      lockId: F.exchangeLock,
      scope: 'partner',
      currencyFrom: 'eth',
      currencyTo: 'eur',
      amount: 10,
      rate: '2950.12',
      expiresAtMs: far,
      used: false,
    },
    {
      lockId: F.userExchangeLock,
      scope: 'user',
      currencyFrom: 'eur',
      currencyTo: 'usdc',
      amount: 100,
      rate: decimal(fxRate('eur', 'usdc'), 12),
      expiresAtMs: far,
      used: false,
    },
    {
      lockId: F.orderLock,
      scope: 'order',
      currencyFrom: 'usdc',
      currencyTo: 'eur',
      network: 'polygon',
      amount: 412.607142,
      rate: '0.84',
      expiresAtMs: far,
      used: false,
    },
  ];
  for (const l of locks) ctx.state.locks.set(l.lockId, l);
}

function seedMoney(ctx: Ctx): void {
  const s = ctx.state;
  s.exchanges.set(F.exchange, {
    exchangeId: F.exchange,
    lockId: ctx.random.uuid(),
    externalUserId: null,
    currencyFrom: 'eth',
    currencyTo: 'eur',
    amount: 10,
    rate: '2950.12',
    receivedAmount: 29501.2,
    createdAtMs: at('2025-08-31T21:21:35.840Z'),
  });
  s.sepaTransfers.set(F.sepaTransfer, {
    id: F.sepaTransfer,
    externalUserId: F.user,
    amount: 100,
    transferTitle: 'Bank transfer',
    destinationIban: 'LT601010012345678901',
    receiverFirstName: 'John',
    receiverLastName: 'Doe',
    companyName: null,
    fee: 10,
    createdAtMs: at('2024-01-01T12:34:56Z'),
  });
  s.sepaTransfers.set(F.partnerSepaTransfer, {
    id: F.partnerSepaTransfer,
    externalUserId: null,
    amount: 16.02,
    transferTitle: 'Bank Transfer',
    destinationIban: 'PL09102044050000210205531111',
    receiverFirstName: 'John',
    receiverLastName: 'Doe',
    companyName: null,
    fee: 0,
    createdAtMs: at('2025-08-05T10:33:54.730Z'),
  });
  const withdrawal = {
    currency: 'btc' as const,
    network: 'btc' as const,
    amount: 0.005,
    fee: 0.0003,
    walletAddress: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
    transactionHash: '0x10d5bd4367fd6623a16f56889abb3bb2352b8ea7df7b21537f1fc56fc2d07a87',
    createdAtMs: at('2025-08-31T21:21:35.840Z'),
  };
  s.withdrawals.set(F.withdrawal, {
    ...withdrawal,
    withdrawalId: F.withdrawal,
    externalUserId: F.nonKycUser,
  });
  s.withdrawals.set(F.partnerWithdrawal, {
    ...withdrawal,
    withdrawalId: F.partnerWithdrawal,
    externalUserId: null,
  });
  s.deposits.set(F.cryptoDeposit, {
    cryptoDepositId: F.cryptoDeposit,
    externalUserId: F.user,
    status: 'WAITING_FOR_TR_DATA',
  });
  s.transfers.set(F.transfer, {
    id: F.transfer,
    sourceExternalUserId: F.nonKycUser,
    destinationExternalUserId: null,
    amount: 10,
    currency: 'eur',
    createdAtMs: at('2025-01-20T11:04:29.719Z'),
  });
  s.partner.history.push({
    id: F.exchange,
    type: 'EXCHANGE',
    amount: 10,
    currency: 'eth',
    createdAtMs: at('2025-08-31T21:21:35.840Z'),
  });
}

function seedDocumentedViews(ctx: Ctx): void {
  const s = ctx.state;
  s.orders.set(F.order, {
    orderId: F.order,
    lockId: '8b94a8f6-1c9d-4a6f-92c8-5f6d9e72a123',
    currency: 'usdc',
    network: 'polygon',
    totalAmountRequired: 1000,
    walletAddress: '0xE353464eBa01d651c16D8879cbCaE1C80568705C',
    createdAtMs: at('2025-08-31T21:21:35.840Z'),
    // The documented Get Order Details example, returned as documented.
    frozen: {
      orderId: F.order,
      lockId: '8b94a8f6-1c9d-4a6f-92c8-5f6d9e72a123',
      status: 'WAITING_FOR_CONFIRMATION',
      createdAt: '2025-08-31T21:21:35.840Z',
      confirmations: 1,
      requiredConfirmations: 3,
      receivedAmount: 849.39,
      totalAmountRequired: 1000,
      cryptocurrency: 'usdc',
      walletAddress: '0xE353464eBa01d651c16D8879cbCaE1C80568705C',
      transactionHash: '0x84a1234b…695cd',
      network: 'POLYGON',
    },
  });
  const url = `https://checkout.p100.io/pay/${F.paymentLink}`;
  s.paymentLinks.set(F.paymentLink, {
    paymentLinkId: F.paymentLink,
    type: 'PAYMENT_LINK',
    amount: 100,
    url,
    createdAtMs: at('2025-08-31T21:21:35.840Z'),
    expiresAtMs: at('2025-09-01T21:21:35.840Z'),
    // An underpaid link in "Awaiting Completion" (documented state), which the API cannot produce on demand.
    frozen: {
      paymentLinkId: F.paymentLink,
      type: 'PAYMENT_LINK',
      status: 'AWAITING_COMPLETION',
      amount: 100,
      currency: 'eur',
      paidAmount: 60,
      url,
      createdAt: '2025-08-31T21:21:35.840Z',
      expiresAt: '2025-09-01T21:21:35.840Z',
      transactions: [
        {
          transactionHash: '0x10d5bd4367fd6623a16f56889abb3bb2352b8ea7df7b21537f1fc56fc2d07a87',
          amount: 71.43,
          currency: 'usdc',
          network: 'polygon',
          createdAt: '2025-08-31T21:25:00.000Z',
        },
      ],
    },
  });
  s.cards.set(F.card, {
    cardId: F.card,
    externalUserId: F.user,
    status: 'ACTIVE',
    label: 'Travel',
    cardNumber: '5355123412341234',
    cvv: '123',
    exp: '08/29',
    pin: '4821',
    limits: { ...DEFAULT_LIMITS },
    createdAtMs: at('2025-08-31T21:21:35.840Z'),
  });
  s.cards.set(F.lockedCard, {
    ...s.cards.get(F.card)!,
    cardId: F.lockedCard,
    status: 'LOCKED_BY_USER',
    label: 'Online',
    cardNumber: '5355987698769876',
    limits: { ...DEFAULT_LIMITS },
  });
  s.cardCreations.set(F.user, [at('2025-08-31T21:21:35.840Z'), at('2025-08-31T21:21:35.840Z')]);
  s.kyc.set(F.user, {
    verificationId: F.kycVerification,
    externalUserId: F.user,
    redirectedAtMs: at('2025-08-31T21:21:35.840Z'),
  });
}

export function seedFixtures(ctx: Ctx): void {
  seedUsers(ctx);
  seedPartner(ctx);
  seedLocks(ctx);
  seedMoney(ctx);
  seedDocumentedViews(ctx);
}
