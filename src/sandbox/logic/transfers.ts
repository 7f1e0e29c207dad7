import { record } from './history';
import type { Currency } from './market';
import { ok, reject } from './respond';
import { type HandlerTable, iso, settled, type TransferRecord } from './state';
import { requireUser } from './users';

interface TransferBody {
  sourceExternalUserId?: string;
  destinationExternalUserId?: string;
  amount: number;
  currency: Currency;
}

export const transferHandlers: HandlerTable = {
  createTransfer(req, ctx) {
    const b = req.body as TransferBody;
    // Exactly one side is a user; the other is the partner (documented P424 otherwise).
    const userId = b.sourceExternalUserId ?? b.destinationExternalUserId;
    if (
      userId === undefined ||
      (b.sourceExternalUserId !== undefined && b.destinationExternalUserId !== undefined)
    ) {
      reject('P424');
    }
    const user = requireUser(ctx, userId, { notSuspended: true });
    const t: TransferRecord = {
      id: ctx.random.uuid(),
      sourceExternalUserId: b.sourceExternalUserId ?? null,
      destinationExternalUserId: b.destinationExternalUserId ?? null,
      amount: b.amount,
      currency: b.currency,
      createdAtMs: ctx.now,
    };
    ctx.state.transfers.set(t.id, t);
    const entry = {
      id: t.id,
      type: 'TRANSFER' as const,
      amount: t.amount,
      currency: t.currency,
      createdAtMs: ctx.now,
    };
    record(user.history, entry);
    record(ctx.state.partner.history, entry);
    return ok({ transferId: t.id });
  },

  getTransferDetails(req, ctx) {
    const t = ctx.state.transfers.get(req.params.transferId);
    if (!t) reject('P446');
    return ok({
      id: t.id,
      sourceExternalUserId: t.sourceExternalUserId,
      destinationExternalUserId: t.destinationExternalUserId,
      amount: t.amount,
      currency: t.currency,
      status: settled(t.createdAtMs, ctx.now),
      createdAt: iso(t.createdAtMs),
      error: null,
    });
  },
};
