import type { HandlerRequest } from '../handler-types';
import { record } from './history';
import { decimal } from './market';
import { ok, reject, rejectInvalid } from './respond';
import { type Contact, type Ctx, type HandlerTable, iso, type SepaTransferRecord, settled } from './state';
import { requireUser } from './users';

/** The partner's deposit instructions as documented (Get SEPA Deposit Info). */
export const PARTNER_DEPOSIT_INFO = {
  title: 'b32ab065-1f05-4322-a39f-cc185bf1de51',
  iban: 'LT333130010135556427',
  swift: 'BZENLT22',
  accountHolder: 'P100 sp. z o.o.',
  address: 'Połonińska 19',
};

interface SepaBody {
  sourceExternalUserId?: string;
  amount: number;
  currency: 'eur';
  destinationIban: string;
  transferTitle: string;
  receiverType?: 'NATURAL' | 'LEGAL';
  receiverFirstName?: string;
  receiverLastName?: string;
  companyName?: string;
}

/** Level 1 sends no receiver data; Level 2 needs names (NATURAL) or a company name (LEGAL). */
function checkReceiver(b: SepaBody): void {
  const hasNames = b.receiverFirstName !== undefined || b.receiverLastName !== undefined;
  if (b.receiverType === undefined) {
    if (hasNames || b.companyName !== undefined)
      rejectInvalid('receiverType is required when receiver details are given');
    return;
  }
  if (
    b.receiverType === 'NATURAL' &&
    (b.receiverFirstName === undefined || b.receiverLastName === undefined)
  ) {
    rejectInvalid('receiverFirstName and receiverLastName are required for receiverType NATURAL');
  }
  if (b.receiverType === 'LEGAL' && b.companyName === undefined) {
    rejectInvalid('companyName is required for receiverType LEGAL');
  }
}

function createTransfer(req: HandlerRequest, ctx: Ctx) {
  const b = req.body as SepaBody;
  const user =
    b.sourceExternalUserId === undefined
      ? null
      : requireUser(ctx, b.sourceExternalUserId, { notSuspended: true });
  checkReceiver(b);
  const t: SepaTransferRecord = {
    id: ctx.random.uuid(),
    externalUserId: user?.externalUserId ?? null,
    amount: b.amount,
    transferTitle: b.transferTitle,
    destinationIban: b.destinationIban,
    receiverFirstName: b.receiverFirstName ?? null,
    receiverLastName: b.receiverLastName ?? null,
    companyName: b.companyName ?? null,
    fee: 0,
    createdAtMs: ctx.now,
  };
  ctx.state.sepaTransfers.set(t.id, t);
  record(user ? user.history : ctx.state.partner.history, {
    id: t.id,
    type: 'SEPA_TRANSFER',
    amount: t.amount,
    currency: 'eur',
    createdAtMs: ctx.now,
  });
  return ok({ transferId: t.id });
}

function userBlock(ctx: Ctx, externalUserId: string | null): Record<string, unknown> | null {
  const u = externalUserId === null ? undefined : ctx.state.users.get(externalUserId);
  if (!u) return null;
  const p = u.profile;
  return {
    externalUserId: u.externalUserId,
    email: p.email,
    firstName: p.firstName,
    lastName: p.lastName,
    address: p.address ?? (p.street === undefined ? null : `${p.street} ${p.number ?? ''}`.trim()),
    city: p.city ?? null,
    country: p.country,
    documentType: p.documentType ?? null,
    documentNumber: p.documentNumber ?? null,
    pesel: p.pesel ?? null,
    birthCountry: p.birthCountry ?? null,
    birthDate: p.birthDate ?? null,
  };
}

const contactsView = (contacts: Contact[]) =>
  ok({ contacts: contacts.map((c) => ({ iban: c.iban, name: c.name, addedAt: iso(c.addedAtMs) })) });

export const sepaHandlers: HandlerTable = {
  getPartnerSepaDepositInfo: () => ok(PARTNER_DEPOSIT_INFO),
  getPartnerSepaDepositContacts: (_req, ctx) => contactsView(ctx.state.partner.contacts),
  getUserSepaDepositInfo(req, ctx) {
    const u = requireUser(ctx, req.params.externalUserId, { kyc: true });
    return ok({
      title: u.depositTitle,
      iban: u.iban,
      swift: PARTNER_DEPOSIT_INFO.swift,
      accountHolder: `${u.profile.firstName} ${u.profile.lastName}`,
      address: PARTNER_DEPOSIT_INFO.address,
    });
  },
  getUserSepaDepositContacts: (req, ctx) =>
    contactsView(requireUser(ctx, req.params.externalUserId).contacts),
  createPartnerSepaTransfer: createTransfer,
  createSepaTransfer: createTransfer,
  getSepaTransferDetails(req, ctx) {
    const t = ctx.state.sepaTransfers.get(req.params.transferId);
    if (!t) reject('P428');
    return ok({
      id: t.id,
      type: 'external',
      amount: decimal(t.amount, 2),
      transferTitle: t.transferTitle,
      destinationIban: t.destinationIban,
      receiverFirstName: t.receiverFirstName,
      receiverLastName: t.receiverLastName,
      companyName: t.companyName,
      status: settled(t.createdAtMs, ctx.now),
      currency: 'eur',
      fee: t.fee,
      createdAt: iso(t.createdAtMs),
      user: userBlock(ctx, t.externalUserId),
    });
  },
};
