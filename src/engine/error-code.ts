/**
 * Maps what the connection (undici-style codes, llhttp-style HPE_* parse errors, kept as they are)
 * and the OS report to the short codes records carry. Timeouts of any phase are
 * one code (`timeout`); OS errors keep their errno name (ECONNREFUSED, ECONNRESET...).
 */
export function errorCode(error: unknown): string {
  const code = codeOf(error) ?? codeOf(error instanceof Error ? error.cause : undefined);
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'timeout';
    case 'UND_ERR_SOCKET':
      // "other side closed": the peer dropped the connection mid-exchange
      return 'ECONNRESET';
    case 'UND_ERR_ABORTED':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
    case 'ABORT_ERR':
      return 'aborted';
    case undefined:
      return error instanceof Error && error.name ? error.name : 'unknown';
    default:
      return code;
  }
}

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
