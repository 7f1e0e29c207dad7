import { Registry } from '../registry';
import { authEnforced } from './auth';
import { bodySchema } from './body-schema';
import { negativeRejected, positiveAccepted } from './case-outcomes';
import { contentTypeDocumented } from './content-type';
import type { ConformanceCheck } from './context';
import { errorShape } from './error-shape';
import { headersDocumented } from './headers';
import { noServerErrors, noTooManyRequests } from './server-errors';
import { statusDocumented } from './status-documented';

export type { ConformanceCheck, ConformanceContext } from './context';
export { CONFORM_PROBE, describedFor, finalRecordPerCase } from './context';

/** Every contract-conformance check, run per operation by the conformance runner. */
export const conformanceChecks = new Registry<ConformanceCheck>();

for (const check of [
  statusDocumented,
  contentTypeDocumented,
  bodySchema,
  headersDocumented,
  errorShape,
  negativeRejected,
  positiveAccepted,
  noServerErrors,
  authEnforced,
  noTooManyRequests,
]) {
  conformanceChecks.register(check);
}
