/** Bodies of the answers the HTTP layer gives itself (the business logic's own errors are its business). */

/** Outside the contract; never counted against the limit. */
export const TRUTH_PATH = '/__pacer/truth';

/**
 * The Partner API's 401 (`#/components/schemas/UnauthorizedError` in the bundled contract):
 * `Access Denied. xo1` (no key) / `xo2` (wrong key).
 */
export function accessDenied(code: 'xo1' | 'xo2'): Record<string, string> {
  return { message: `Access Denied. ${code}` };
}

/** The documented validation error: always P403, status 400, no errorName, failures joined. */
export function validationError(message: string): Record<string, string> {
  return { errorCode: 'P403', errorMessage: message };
}

export function tooLarge(maxBytes: number): Record<string, string> {
  return validationError(`request body exceeds ${maxBytes} bytes`);
}

export function notFound(method: string, path: string): Record<string, string> {
  return { error: 'Not Found', message: `No operation at ${method} ${path}` };
}

export function methodNotAllowed(method: string, path: string, allowed: string[]): Record<string, string> {
  return {
    error: 'Method Not Allowed',
    message: `${method} is not allowed on ${path} (allowed: ${allowed.join(', ')})`,
  };
}

/** What the API documents for an unexpected failure (P500 "Unknown exception"). */
export function serverError(): Record<string, string> {
  return { errorCode: 'P500', errorName: 'unknown-exception', errorMessage: 'Unknown exception' };
}
