import type { HandlerRequest } from '../handler-types';
import { ok, reject } from './respond';
import { type Ctx, type HandlerTable, iso, type PaymentLinkRecord } from './state';

const DEFAULT_EXPIRY_MINUTES = 24 * 60;
const CHECKOUT_ORIGIN = 'https://checkout.p100.io';

interface LinkBody {
  amount: number;
  expiresInMinutes?: number;
}

function create(req: HandlerRequest, ctx: Ctx, type: PaymentLinkRecord['type']) {
  const b = req.body as LinkBody;
  const paymentLinkId = ctx.random.uuid();
  const link: PaymentLinkRecord = {
    paymentLinkId,
    type,
    amount: b.amount,
    url: `${CHECKOUT_ORIGIN}/${type === 'HOSTED_CHECKOUT' ? 'hosted' : 'pay'}/${paymentLinkId}`,
    createdAtMs: ctx.now,
    expiresAtMs: ctx.now + (b.expiresInMinutes ?? DEFAULT_EXPIRY_MINUTES) * 60_000,
  };
  ctx.state.paymentLinks.set(paymentLinkId, link);
  return ok({ paymentLinkId, url: link.url, expiresAt: iso(link.expiresAtMs) });
}

export const paymentLinkHandlers: HandlerTable = {
  createPaymentLink: (req, ctx) => create(req, ctx, 'PAYMENT_LINK'),
  createHostedCheckout: (req, ctx) => create(req, ctx, 'HOSTED_CHECKOUT'),
  getPaymentLinkDetails(req, ctx) {
    const l = ctx.state.paymentLinks.get(req.params.paymentLinkId);
    if (!l) reject('P447');
    if (l.frozen) return ok(l.frozen);
    return ok({
      paymentLinkId: l.paymentLinkId,
      type: l.type,
      status: ctx.now < l.expiresAtMs ? 'ACTIVE' : 'EXPIRED',
      amount: l.amount,
      currency: 'eur',
      paidAmount: 0,
      url: l.url,
      createdAt: iso(l.createdAtMs),
      expiresAt: iso(l.expiresAtMs),
      transactions: [],
    });
  },
};
