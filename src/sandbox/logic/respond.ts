import type { HandlerResponse } from '../handler-types';

/** Business error names and default messages (the table in conformance/README.md). */
export const ERRORS = {
  P410: ['invalid-currency', 'Currency not found.'],
  P411: ['user-exists', 'User with this externalUserId already exists.'],
  P412: ['user-not-exist', 'User not exist.'],
  P424: ['source-or-destination-required', 'Source or destination must be provided.'],
  P428: ['sepa-transfer-not-found', 'Sepa transfer not found'],
  P434: ['invalid-card', 'Card not found.'],
  P440: ['lock-expired', 'The rate lock has expired.'],
  P441: ['lock-already-used', 'The rate lock has already been used.'],
  P442: ['lock-not-found', 'Rate lock not found.'],
  P443: ['exchange-not-found', 'Exchange not found.'],
  P444: ['order-not-found', 'Order not found.'],
  P445: ['crypto-withdrawal-not-found', 'Crypto withdrawal not found.'],
  P446: ['transfer-not-found', 'Transfer not found.'],
  P447: ['payment-link-not-found', 'Payment link not found.'],
  P448: ['crypto-deposit-not-found', 'Crypto deposit not found.'],
  P449: ['card-limit-reached', 'Card limit reached.'],
  P450: ['card-status-conflict', 'The card is not in a state that allows this operation.'],
  P451: ['forbidden-country-card', 'Cards are not available for the user country.'],
  P452: ['kyc-verification-not-found', 'KYC verification not found.'],
  P453: ['travel-rule-not-required', 'The deposit is not waiting for Travel Rule data.'],
  P454: ['user-not-kyc', 'The operation requires a user created with KYC.'],
  P455: ['user-suspended', 'User is suspended.'],
  P456: ['currency-pair-not-supported', 'The currency pair is not supported.'],
  P457: ['lock-mismatch', 'The request does not match the rate lock.'],
  P500: ['unknown-exception', 'Unknown exception'],
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** Codes that mean "this id does not exist" answer 404; the rest 400 (P412 is documented as 400). */
const NOT_FOUND: ReadonlySet<ErrorCode> = new Set([
  'P428',
  'P434',
  'P442',
  'P443',
  'P444',
  'P445',
  'P446',
  'P447',
  'P448',
  'P452',
]);

export function ok(body: unknown): HandlerResponse {
  return { status: 200, body };
}

export function fail(code: ErrorCode, message?: string): HandlerResponse {
  const [errorName, defaultMessage] = ERRORS[code];
  return {
    status: NOT_FOUND.has(code) ? 404 : 400,
    body: { errorCode: code, errorName, errorMessage: message ?? defaultMessage },
  };
}

/** The documented P403 shape (no errorName), for rules a JSON Schema cannot express. */
export function invalid(message: string): HandlerResponse {
  return { status: 400, body: { errorCode: 'P403', errorMessage: message } };
}

/** Thrown inside handlers to answer with an error from deep helpers; caught by the dispatcher. */
export class Reject extends Error {
  constructor(readonly response: HandlerResponse) {
    super('rejected');
  }
}

export function reject(code: ErrorCode, message?: string): never {
  throw new Reject(fail(code, message));
}

export function rejectInvalid(message: string): never {
  throw new Reject(invalid(message));
}
