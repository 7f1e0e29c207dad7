import type { BusinessLogic, HandlerRequest, HandlerResponse } from '../handler-types';
import { cardHandlers } from './cards';
import { cryptoHandlers } from './crypto';
import { exchangeHandlers } from './exchange';
import { seedFixtures } from './fixtures';
import { kycHandlers } from './kyc';
import { orderHandlers } from './orders';
import { partnerHandlers } from './partner';
import { paymentLinkHandlers } from './payment-links';
import { createRandom } from './random';
import { fail, Reject } from './respond';
import { sepaHandlers } from './sepa';
import { type Ctx, emptyState, type HandlerTable } from './state';
import { transferHandlers } from './transfers';
import { userHandlers } from './users';

export { FIXTURE_IDS } from './fixtures';

export interface BusinessLogicOptions {
  /** Seed of the id generator (default 1): the same seed hands out the same ids. */
  seed?: number;
  /** Clock used while seeding fixtures (requests carry their own `nowMs`). */
  nowMs?: () => number;
}

/**
 * The Partner API's business logic, in memory: one handler per operationId of
 * conformance/partner-api.yaml. Requests arrive authenticated, rate-limited and schema-valid.
 */
export function createBusinessLogic(options: BusinessLogicOptions = {}): BusinessLogic {
  const random = createRandom(options.seed ?? 1);
  const state = emptyState();
  seedFixtures({ state, random, now: (options.nowMs ?? Date.now)() });
  const table: HandlerTable = {
    ...partnerHandlers,
    ...exchangeHandlers,
    ...sepaHandlers,
    ...cryptoHandlers,
    ...orderHandlers,
    ...paymentLinkHandlers,
    ...userHandlers,
    ...kycHandlers,
    ...transferHandlers,
    ...cardHandlers,
  };
  return {
    operationIds: () => Object.keys(table),
    handle(req: HandlerRequest): HandlerResponse {
      const handler = table[req.operationId];
      if (!handler) return fail('P500', `No business logic for operation ${req.operationId}.`);
      const ctx: Ctx = { state, random, now: req.nowMs };
      try {
        return handler(req, ctx);
      } catch (err) {
        if (err instanceof Reject) return err.response;
        throw err;
      }
    },
  };
}
