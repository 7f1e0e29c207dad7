import { describe, expect, it } from 'vitest';
import { requestHead } from './request-head';

const HOST = 'host: api.test:8080\r\n';

describe('requestHead', () => {
  it('serialises a GET without body: request line, host, keep-alive, caller headers in order', () => {
    expect(requestHead('GET', '/v1/balances?x=1', ['x-api-key', 'k', 'Accept', 'a/b'], HOST, -1)).toBe(
      'GET /v1/balances?x=1 HTTP/1.1\r\nhost: api.test:8080\r\nconnection: keep-alive\r\n' +
        'x-api-key: k\r\nAccept: a/b\r\n\r\n',
    );
  });

  it('adds the given content-length for a body, replacing a caller one', () => {
    const head = requestHead(
      'POST',
      '/p',
      ['Content-Length', '1', 'content-type', 'application/json'],
      HOST,
      9,
    );
    expect(head).toBe(
      'POST /p HTTP/1.1\r\nhost: api.test:8080\r\nconnection: keep-alive\r\ncontent-type: application/json\r\n' +
        'content-length: 9\r\n\r\n',
    );
  });

  it('sends content-length: 0 for a body-less POST/PUT/PATCH, none for GET/DELETE', () => {
    expect(requestHead('PUT', '/p', [], HOST, -1)).toContain('content-length: 0\r\n');
    expect(requestHead('DELETE', '/p', [], HOST, -1)).not.toContain('content-length');
    expect(requestHead('GET', '/p', ['content-length', '5'], HOST, -1)).not.toContain('content-length');
  });

  it("uses a caller's host header instead of the default, where the caller put it", () => {
    expect(requestHead('GET', '/', ['a', '1', 'Host', 'other.test'], HOST, -1)).toBe(
      'GET / HTTP/1.1\r\nconnection: keep-alive\r\na: 1\r\nHost: other.test\r\n\r\n',
    );
  });

  it('keeps latin1 values byte for byte (written with the latin1 encoding)', () => {
    const head = requestHead('GET', '/', ['x-name', 'caf\u00e9 \u00ff\ttab'], HOST, -1);
    expect(
      Buffer.from(head, 'latin1').includes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0x09])),
    ).toBe(true);
  });

  const refused: Array<[string, string, string, readonly string[]]> = [
    ['a method that is not a token', 'GE T', '/', []],
    ['an empty method', '', '/', []],
    ['a path with a space', 'GET', '/a b', []],
    ['a path with CR LF', 'GET', '/a\r\nx: y', []],
    ['a path with non-ASCII', 'GET', '/caf\u00e9', []],
    ['a path not starting with /', 'GET', 'http://x/', []],
    ['a non-token header name', 'GET', '/', ['x bad', 'v']],
    ['a header name with a colon', 'GET', '/', ['x:y', 'v']],
    ['an empty header name', 'GET', '/', ['', 'v']],
    ['CRLF in a value', 'GET', '/', ['x', 'a\r\nInjected: 1']],
    ['a bare LF in a value', 'GET', '/', ['x', 'a\nb']],
    ['NUL in a value', 'GET', '/', ['x', 'a\u0000b']],
    ['a control byte in a value', 'GET', '/', ['x', 'a\u0001b']],
    ['ESC in a value', 'GET', '/', ['x', '\u001b[31m']],
    ['DEL in a value', 'GET', '/', ['x', 'a\u007fb']],
    ['a value char beyond latin1', 'GET', '/', ['x', 'snow\u2603']],
    ['a transfer-encoding header', 'POST', '/', ['Transfer-Encoding', 'chunked']],
    ['a connection header', 'GET', '/', ['connection', 'close']],
    ['a keep-alive header', 'GET', '/', ['Keep-Alive', 'timeout=5']],
    ['an upgrade header', 'GET', '/', ['upgrade', 'websocket']],
    ['an expect header', 'POST', '/', ['Expect', '100-continue']],
    ['an odd-length header list', 'GET', '/', ['x']],
  ];
  it.each(refused)('throws ERR_INVALID_ARG_VALUE for %s', (_name, method, path, headers) => {
    expect(() => requestHead(method, path, headers, HOST, -1)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });

  it('names the offending header in the error', () => {
    expect(() => requestHead('GET', '/', ['ok', '1', 'x-bad', 'a\rb'], HOST, -1)).toThrow(/x-bad/);
  });
});
