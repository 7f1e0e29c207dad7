import type { HandlerRequest } from '../handler-types';
import { ok, reject } from './respond';
import { type Ctx, type HandlerTable, iso, type KycRecord, SETTLE_MS } from './state';
import { requireUser } from './users';

const KYC_ORIGIN = 'https://kyc.p100.io/verify';
const REDIRECT_TTL_MS = 60 * 60_000;

function verification(req: HandlerRequest, ctx: Ctx): KycRecord {
  const user = requireUser(ctx, req.params.externalUserId);
  const v = ctx.state.kyc.get(user.externalUserId);
  if (!v) reject('P452');
  return v;
}

/**
 * CREATED until the user is redirected; the capture then takes SETTLE_MS and is approved
 * (the sandbox does not simulate rejections).
 */
function status(v: KycRecord, now: number): string {
  if (v.redirectedAtMs === null) return 'CREATED';
  return now - v.redirectedAtMs < SETTLE_MS ? 'IN_PROGRESS' : 'APPROVED';
}

export const kycHandlers: HandlerTable = {
  createKycVerification(req, ctx) {
    const { externalUserId } = req.body as { externalUserId: string };
    requireUser(ctx, externalUserId, { kyc: true, notSuspended: true });
    const v: KycRecord = { verificationId: ctx.random.uuid(), externalUserId, redirectedAtMs: null };
    ctx.state.kyc.set(externalUserId, v);
    return ok({ verificationId: v.verificationId, externalUserId, status: status(v, ctx.now) });
  },

  getKycRedirect(req, ctx) {
    const v = verification(req, ctx);
    if (v.redirectedAtMs === null) v.redirectedAtMs = ctx.now;
    return ok({ url: `${KYC_ORIGIN}/${v.verificationId}`, expiresAt: iso(ctx.now + REDIRECT_TTL_MS) });
  },

  getKycStatus(req, ctx) {
    const v = verification(req, ctx);
    return ok({
      verificationId: v.verificationId,
      externalUserId: v.externalUserId,
      status: status(v, ctx.now),
    });
  },
};
