import { codedError } from './types';

/** RFC 9110 tchar. */
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  TOKEN[c.charCodeAt(0)] = 1;

/** Methods whose request is expected to carry content: they get `content-length: 0` without a body. */
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH', 'QUERY']);

/**
 * Serialises a request head as one latin1 string (written with a single socket.write), validating
 * every byte that goes on the wire: a header that could split the request or change its framing is
 * refused before anything is written (code ERR_INVALID_ARG_VALUE). The connection owns the framing
 * headers: connection, transfer-encoding, keep-alive, upgrade and expect are refused, a caller's
 * content-length is replaced by `bodyLength` (-1: no body), a caller's host replaces `hostLine`.
 */
export function requestHead(
  method: string,
  path: string,
  headers: readonly string[] | null | undefined,
  hostLine: string,
  bodyLength: number,
): string {
  if (!isToken(method)) throw invalid(`invalid method ${JSON.stringify(method)}`);
  checkPath(path);
  let fields = '';
  let hasHost = false;
  if (headers != null) {
    if (headers.length % 2 !== 0) throw invalid('headers must be name/value pairs');
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i];
      const value = headers[i + 1];
      if (typeof name !== 'string' || !isToken(name))
        throw invalid(`invalid header name ${JSON.stringify(name)}`);
      if (typeof value !== 'string') throw invalid(`invalid value of header "${name}"`);
      checkValue(name, value);
      switch (name.length) {
        case 4:
          if (name.toLowerCase() === 'host') hasHost = true;
          break;
        case 6:
        case 7:
        case 10:
        case 14:
        case 17: {
          const lower = name.toLowerCase();
          if (lower === 'content-length') continue;
          if (
            lower === 'connection' ||
            lower === 'keep-alive' ||
            lower === 'transfer-encoding' ||
            lower === 'upgrade' ||
            lower === 'expect'
          )
            throw invalid(`header "${name}" is managed by the connection`);
          break;
        }
      }
      fields += `${name}: ${value}\r\n`;
    }
  }
  let head = `${method} ${path} HTTP/1.1\r\n${hasHost ? '' : hostLine}connection: keep-alive\r\n${fields}`;
  if (bodyLength >= 0) head += `content-length: ${bodyLength}\r\n`;
  else if (PAYLOAD_METHODS.has(method)) head += 'content-length: 0\r\n';
  return `${head}\r\n`;
}

function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || TOKEN[c] !== 1) return false;
  }
  return true;
}

/** origin-form: '/' then visible ASCII only (no space, CR, LF or anything non-ASCII). */
function checkPath(path: string): void {
  if (typeof path !== 'string' || path.charCodeAt(0) !== 47 /* / */)
    throw invalid(`invalid path ${JSON.stringify(path)}: it must start with /`);
  for (let i = 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c <= 32 || c >= 127) throw invalid(`invalid character in path ${JSON.stringify(path)}`);
  }
}

/**
 * field-value (RFC 9110 5.5): HTAB, SP, VCHAR and obs-text (latin1). CR, LF and NUL would end or
 * split the line; the other control bytes make a request servers may refuse or read differently
 * (undici refuses them too).
 */
function checkValue(name: string, value: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127 || c > 255) throw invalid(`invalid value of header "${name}"`);
  }
}

function invalid(message: string): Error {
  return codedError('ERR_INVALID_ARG_VALUE', message);
}
