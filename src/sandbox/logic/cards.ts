import type { HandlerRequest } from '../handler-types';
import { ok, reject, rejectInvalid } from './respond';
import type { CardLimits, CardRecord, Ctx, HandlerTable } from './state';
import { requireUser } from './users';

const DAY_MS = 24 * 60 * 60_000;
/** Documented: at most 10 active or locked cards per user at any time. */
const MAX_OPEN_CARDS = 10;
/** Documented rolling creation limits: 5 per 24 h, 10 per 30 days, 20 per 12 months. */
const CREATION_LIMITS: Array<[windowMs: number, max: number, label: string]> = [
  [DAY_MS, 5, '5 new cards per 24 hours'],
  [30 * DAY_MS, 10, '10 new cards per 30 days'],
  [365 * DAY_MS, 20, '20 new cards per 12 months'],
];
/** Countries with IBAN support (old docs); cards are offered there only. */
const CARD_COUNTRIES = new Set(
  'AM AT AZ BE BG CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IL IN IS IT LI LT LU LV MD MT NL NO PL PT RO SE SI SK UA'.split(
    ' ',
  ),
);
export const DEFAULT_LIMITS: CardLimits = {
  monthlyTrxAll: 5000,
  dailyTrxAll: 1000,
  monthlyTrxAtm: 1000,
  dailyTrxAtm: 200,
  monthlyTrxEcom: 3000,
  dailyTrxEcom: 500,
};

function card(req: HandlerRequest, ctx: Ctx): CardRecord {
  const c = ctx.state.cards.get(req.params.cardId);
  if (!c || c.status === 'DELETED') reject('P434');
  return c;
}

function checkCreationLimits(ctx: Ctx, externalUserId: string): void {
  let open = 0;
  for (const c of ctx.state.cards.values()) {
    if (c.externalUserId === externalUserId && c.status !== 'DELETED') open++;
  }
  if (open >= MAX_OPEN_CARDS)
    reject('P449', `Card limit reached: at most ${MAX_OPEN_CARDS} active or locked cards per user.`);
  const created = ctx.state.cardCreations.get(externalUserId) ?? [];
  for (const [windowMs, max, label] of CREATION_LIMITS) {
    const recent = created.filter((t) => ctx.now - t < windowMs).length;
    if (recent >= max) reject('P449', `Card limit reached: at most ${label}.`);
  }
}

/** A plausible expiry, MM/YY four years ahead. */
function expiry(now: number): string {
  const d = new Date(now);
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String((d.getUTCFullYear() + 4) % 100).padStart(2, '0')}`;
}

const statusResult = (c: CardRecord) => ok({ cardId: c.cardId, status: c.status });
const limitsView = (c: CardRecord) => ok({ cardId: c.cardId, ...c.limits });

export const cardHandlers: HandlerTable = {
  createCard(req, ctx) {
    const b = req.body as { externalUserId: string; label?: string; pin?: string };
    const user = requireUser(ctx, b.externalUserId, { kyc: true, notSuspended: true });
    if (!CARD_COUNTRIES.has(user.profile.country)) reject('P451');
    checkCreationLimits(ctx, user.externalUserId);
    const c: CardRecord = {
      cardId: ctx.random.uuid(),
      externalUserId: user.externalUserId,
      status: 'ACTIVE',
      label: b.label ?? null,
      cardNumber: `5355${ctx.random.digits(12)}`,
      cvv: ctx.random.digits(3),
      exp: expiry(ctx.now),
      pin: b.pin ?? null,
      limits: { ...DEFAULT_LIMITS },
      createdAtMs: ctx.now,
    };
    ctx.state.cards.set(c.cardId, c);
    ctx.state.cardCreations.set(user.externalUserId, [
      ...(ctx.state.cardCreations.get(user.externalUserId) ?? []),
      ctx.now,
    ]);
    return ok({ cardId: c.cardId, status: c.status, cardNumber: c.cardNumber, cvv: c.cvv, exp: c.exp });
  },

  listUserCards(req, ctx) {
    const user = requireUser(ctx, req.params.externalUserId);
    const cards = [...ctx.state.cards.values()]
      .filter((c) => c.externalUserId === user.externalUserId && c.status !== 'DELETED')
      .map((c) => ({
        cardId: c.cardId,
        status: c.status,
        label: c.label,
        cardLastDigits: c.cardNumber.slice(-4),
      }));
    return ok({ cards });
  },

  getCardDetails(req, ctx) {
    const c = card(req, ctx);
    return ok({
      cardId: c.cardId,
      externalUserId: c.externalUserId,
      status: c.status,
      label: c.label,
      cardNumber: c.cardNumber,
      cvv: c.cvv,
      exp: c.exp,
    });
  },

  updateCardPin(req, ctx) {
    const c = card(req, ctx);
    if (c.status !== 'ACTIVE' && c.status !== 'LOCKED_BY_USER') reject('P450');
    c.pin = (req.body as { pin: string }).pin;
    return statusResult(c);
  },

  blockCard(req, ctx) {
    const c = card(req, ctx);
    if (c.status !== 'ACTIVE') reject('P450', `Only an ACTIVE card can be blocked (card is ${c.status}).`);
    c.status = 'LOCKED_BY_USER';
    return statusResult(c);
  },

  unblockCard(req, ctx) {
    const c = card(req, ctx);
    if (c.status !== 'LOCKED_BY_USER')
      reject('P450', `Only a LOCKED_BY_USER card can be unblocked (card is ${c.status}).`);
    c.status = 'ACTIVE';
    return statusResult(c);
  },

  getCardLimits: (req, ctx) => limitsView(card(req, ctx)),

  updateCardLimits(req, ctx) {
    const c = card(req, ctx);
    const next: CardLimits = { ...c.limits, ...(req.body as Partial<CardLimits>) };
    for (const kind of ['All', 'Atm', 'Ecom'] as const) {
      if (next[`dailyTrx${kind}`] > next[`monthlyTrx${kind}`]) {
        rejectInvalid(`dailyTrx${kind} must not exceed monthlyTrx${kind}`);
      }
    }
    c.limits = next;
    return limitsView(c);
  },

  deleteCard(req, ctx) {
    const c = card(req, ctx);
    c.status = 'DELETED';
    return statusResult(c);
  },
};
