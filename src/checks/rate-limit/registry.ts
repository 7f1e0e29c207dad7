/** Every RL-* check of the rate-limit contract (reference/ratelimit-contract.md), in report order. */
import { Registry } from '../registry';
import type { Check } from '../types';
import { admissionAtomic, admissionExact, remainingAccounting } from './admission';
import { authFailuresCounted } from './auth';
import type { RateLimitContext } from './context';
import { headersPresent, headersWellFormed, limitValue } from './headers';
import { noPenalty } from './penalty';
import { resetHonoured, resetStable } from './reset';
import { retryAfterSufficient, retryAfterTight } from './retry-after';
import { globalScope, keyScope, perIpIsolation } from './scope';
import { spoofResistant } from './spoof';
import { steadyUnderLimit } from './steady';
import { noCache429, tooManyRequestsShape } from './too-many-requests';

export const rateLimitChecks = new Registry<Check<RateLimitContext>>();

for (const check of [
  headersPresent,
  headersWellFormed,
  limitValue,
  remainingAccounting,
  admissionExact,
  admissionAtomic,
  resetStable,
  resetHonoured,
  tooManyRequestsShape,
  retryAfterSufficient,
  retryAfterTight,
  noPenalty,
  perIpIsolation,
  keyScope,
  authFailuresCounted,
  globalScope,
  spoofResistant,
  steadyUnderLimit,
  noCache429,
]) {
  rateLimitChecks.register(check);
}

export type { RateLimitContext };
