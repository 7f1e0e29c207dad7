/**
 * Maps what undici and the OS report to the short codes records carry. Timeouts of any phase are
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
      // undici's "other side closed": the peer dropped the connection mid-exchange
      return 'ECONNRESET';
    case 'UND_ERR_ABORTED':
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
