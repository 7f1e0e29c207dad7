import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ResponseEvents, ResponseParser } from './response-parser';

/** What one parse produced; body chunks merged, since splitting legitimately changes them. */
interface Parsed {
  heads: Array<{ status: number; text: string; raw: string[]; keepAlive: boolean; bodyKind: string }>;
  body: string;
  complete: Array<{ trailers: string[] | null; unconsumed: number }>;
  error: string | null;
}

class Collector implements ResponseEvents {
  readonly parsed: Parsed = { heads: [], body: '', complete: [], error: null };
  parser: ResponseParser;

  constructor(maxHeaderBytes = 16 * 1024) {
    this.parser = new ResponseParser({ maxHeaderBytes }, this);
  }

  onResponseHead(status: number, text: string, raw: string[]): void {
    const p = this.parser;
    this.parsed.heads.push({ status, text, raw, keepAlive: p.keepAlive, bodyKind: p.bodyKind });
  }

  onResponseBody(chunk: Buffer): void {
    this.parsed.body += chunk.toString('latin1');
  }

  onResponseComplete(trailers: string[] | null, unconsumed: number): void {
    this.parsed.complete.push({ trailers, unconsumed });
  }
}

/** Parses `pieces` in turn (then EOF when `eof`), for a request with `method`. */
function parse(pieces: Buffer[], method = 'GET', eof = false, maxHeaderBytes?: number): Parsed {
  const c = new Collector(maxHeaderBytes);
  c.parser.expect(method);
  try {
    for (const piece of pieces) c.parser.push(piece);
    if (eof) c.parser.end();
  } catch (error) {
    c.parsed.error = (error as { code?: string }).code ?? String(error);
  }
  return c.parsed;
}

/**
 * Pushes pieces until the first response completes, as the connection does (anything after it is
 * a desync, whether in the same piece or a later one), and the outcome as comparable data.
 */
function untilDone(pieces: Buffer[], method: string): Omit<Parsed, 'complete'> & { trailing: boolean[] } {
  const c = new Collector();
  c.parser.expect(method);
  let k = 0;
  try {
    for (; k < pieces.length && c.parsed.complete.length === 0; k++) c.parser.push(pieces[k]);
  } catch (error) {
    c.parsed.error = (error as { code?: string }).code ?? String(error);
  }
  const rest = pieces.slice(k).some((p) => p.length > 0);
  const { complete, ...outcome } = c.parsed;
  return { ...outcome, trailing: complete.map((x) => x.unconsumed > 0 || rest) };
}

function whole(text: string, method = 'GET', eof = false): Parsed {
  return parse([Buffer.from(text, 'latin1')], method, eof);
}

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(bytes.subarray(from, p));
    from = p;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

// --- generated valid responses ---------------------------------------------------------------

const tokenChar = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_!#$%&*+.^`|~',
);
const headerName = fc
  .string({ unit: tokenChar, minLength: 1, maxLength: 12 })
  .filter((n) => !/^(content-length|transfer-encoding|connection|keep-alive)$/i.test(n));
const valueChar = fc.constantFrom(...'abc XYZ09=;,"/\t\u00e9\u00ff:');
const headerValue = fc
  .string({ unit: valueChar, maxLength: 20 })
  .map((v) => v.replace(/^[ \t]+|[ \t]+$/g, ''));
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 });
const body = fc.string({ unit: fc.constantFrom(...'ab\r\n0;x\u00e9'), maxLength: 60 });

type Framing = 'length' | 'chunked' | 'close' | 'head' | 'no-content';

interface Spec {
  framing: Framing;
  interim: number;
  headers: Array<[string, string]>;
  body: string;
  /** Sizes of successive chunks, summing to the body (chunked only). */
  cuts: number[];
  trailers: Array<[string, string]>;
  ext: boolean;
  http10: boolean;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  framing: fc.constantFrom<Framing>('length', 'chunked', 'close', 'head', 'no-content'),
  interim: fc.integer({ min: 0, max: 2 }),
  headers,
  body,
  cuts: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 4 }),
  trailers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 2 }),
  ext: fc.boolean(),
  http10: fc.boolean(),
});

function serialise(s: Spec): { text: string; method: string; eof: boolean } {
  let text = '';
  for (let i = 0; i < s.interim; i++)
    text += i === 0 ? 'HTTP/1.1 100 Continue\r\n\r\n' : 'HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n';
  const status = s.framing === 'no-content' ? '204 No Content' : '200 OK';
  text += `HTTP/1.${s.http10 ? 0 : 1} ${status}\r\n`;
  for (const [n, v] of s.headers) text += `${n}: ${v}\r\n`;
  let method = 'GET';
  let eof = false;
  switch (s.framing) {
    case 'length':
      text += `Content-Length: ${s.body.length}\r\n\r\n${s.body}`;
      break;
    case 'head':
      method = 'HEAD';
      text += `content-length: ${s.body.length + 5}\r\n\r\n`;
      break;
    case 'no-content':
      text += '\r\n';
      break;
    case 'close':
      text += `\r\n${s.body}`;
      eof = true;
      break;
    case 'chunked': {
      text += 'Transfer-Encoding: chunked\r\n\r\n';
      let from = 0;
      for (const cut of [...s.cuts].sort((a, b) => a - b)) {
        const to = Math.min(cut, s.body.length);
        if (to <= from) continue;
        text += `${(to - from).toString(16)}${s.ext ? ';name="v a";x' : ''}\r\n${s.body.slice(from, to)}\r\n`;
        from = to;
      }
      if (from < s.body.length)
        text += `${(s.body.length - from).toString(16).toUpperCase()}\r\n${s.body.slice(from)}\r\n`;
      text += `0${s.ext ? ' ; last' : ''}\r\n`;
      for (const [n, v] of s.trailers) text += `${n}: ${v}\r\n`;
      text += '\r\n';
      break;
    }
  }
  return { text, method, eof };
}

describe('ResponseParser', () => {
  it('gives the same events whatever byte boundaries the input is split at', () => {
    fc.assert(
      fc.property(spec, fc.array(fc.nat(), { maxLength: 12 }), (s, cuts) => {
        const { text, method, eof } = serialise(s);
        const bytes = Buffer.from(text, 'latin1');
        const one = parse([bytes], method, eof);
        expect(one.error).toBeNull();
        expect(one.heads).toHaveLength(1);
        expect(one.heads[0].raw.slice(0, s.headers.length * 2)).toEqual(s.headers.flat());
        expect(one.complete).toHaveLength(1);
        expect(one.complete[0].unconsumed).toBe(0);
        const expectsBody = s.framing === 'length' || s.framing === 'chunked' || s.framing === 'close';
        expect(one.body).toBe(expectsBody ? s.body : '');
        if (s.framing === 'chunked') expect(one.complete[0].trailers).toEqual(s.trailers.flat());
        expect(parse(splitAt(bytes, cuts), method, eof)).toEqual(one);
        // the worst case: one byte at a time
        expect(parse(splitAt(bytes, [...bytes.keys()]), method, eof)).toEqual(one);
      }),
      { numRuns: 300 },
    );
  });

  it('meets the same outcome on mutated input however it is split (errors included)', () => {
    const mutation = fc.record({
      kind: fc.constantFrom('flip', 'insert', 'delete'),
      at: fc.nat(),
      byte: fc.oneof(fc.constantFrom(13, 10, 32, 9, 0, 58, 44, 59, 48), fc.integer({ min: 0, max: 255 })),
    });
    fc.assert(
      fc.property(
        spec,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (s, mutations, cuts) => {
          const { text, method } = serialise(s);
          const b = [...Buffer.from(text, 'latin1')];
          for (const m of mutations) {
            const at = m.at % (b.length + 1);
            if (m.kind === 'flip' && at < b.length) b[at] = m.byte;
            else if (m.kind === 'insert') b.splice(at, 0, m.byte);
            else b.splice(at, 1);
          }
          const bytes = Buffer.from(b);
          const one = untilDone([bytes], method);
          expect(untilDone(splitAt(bytes, cuts), method)).toEqual(one);
          expect(untilDone(splitAt(bytes, [...bytes.keys()]), method)).toEqual(one);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a bad line as soon as it arrives, not when its section ends', () => {
    const pending = (...pieces: string[]) => parse(pieces.map((p) => Buffer.from(p, 'latin1'))).error;
    expect(pending('hello')).toBe('HPE_INVALID_CONSTANT');
    expect(pending('HTTP/1.1 2x0 OK\r\n')).toBe('HPE_INVALID_STATUS');
    expect(pending('HTTP/1.1 200 OK\r\n', 'bad line\r\n')).toBe('HPE_INVALID_HEADER_TOKEN');
    expect(pending('HTTP/1.1 200 OK\r\nx: a\u0000\r\n')).toBe('HPE_INVALID_HEADER_TOKEN');
    expect(pending('HTTP/1.1 200 OK\r\ncontent-length: 1\r\n', 'content-length: 2\r\n')).toBe(
      'HPE_INVALID_CONTENT_LENGTH',
    );
    expect(pending('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n', 'bad line\r\n')).toBe(
      'HPE_INVALID_HEADER_TOKEN',
    );
    // a valid unfinished head just waits
    expect(pending('HTTP/1.1 200 OK\r\n', 'x: 1\r\n', 'HTT')).toBeNull();
  });

  it('reads status, reason (possibly empty) and raw headers with OWS trimmed, in order', () => {
    const p = whole(
      'HTTP/1.1 429 Too Many Requests\r\nRetry-After:  7 \r\nA: 1\r\na:\t2\t\r\nEmpty:\r\nContent-Length: 0\r\n\r\n',
    );
    expect(p.heads[0]).toMatchObject({ status: 429, text: 'Too Many Requests', keepAlive: true });
    expect(p.heads[0].raw).toEqual([
      'Retry-After',
      '7',
      'A',
      '1',
      'a',
      '2',
      'Empty',
      '',
      'Content-Length',
      '0',
    ]);
    expect(whole('HTTP/1.1 200\r\ncontent-length: 0\r\n\r\n').heads[0].text).toBe('');
    expect(whole('HTTP/1.1 200 \r\ncontent-length: 0\r\n\r\n').heads[0].text).toBe('');
  });

  it('decides keep-alive from the version, Connection and the framing', () => {
    const ka = (t: string, eof = false) => whole(t, 'GET', eof).heads[0].keepAlive;
    expect(ka('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n')).toBe(true);
    expect(ka('HTTP/1.1 200 OK\r\nConnection: close\r\ncontent-length: 0\r\n\r\n')).toBe(false);
    expect(ka('HTTP/1.1 200 OK\r\nConnection: Upgrade, Close\r\ncontent-length: 0\r\n\r\n')).toBe(false);
    expect(ka('HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n')).toBe(false);
    expect(ka('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\ncontent-length: 0\r\n\r\n')).toBe(true);
    expect(ka('HTTP/1.1 200 OK\r\n\r\nbody', true)).toBe(false);
    // both framings: TE wins, and the connection is not trusted with another request
    const both = whole(
      'HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n',
    );
    expect(both).toMatchObject({ body: 'ab', heads: [{ keepAlive: false, bodyKind: 'chunked' }] });
  });

  it('reads the Keep-Alive timeout hint', () => {
    const c = new Collector();
    c.parser.expect('GET');
    c.parser.push(
      Buffer.from('HTTP/1.1 200 OK\r\nKeep-Alive: max=5, timeout=3\r\ncontent-length: 0\r\n\r\n'),
    );
    expect(c.parser.keepAliveTimeoutS).toBe(3);
    c.parser.expect('GET');
    c.parser.push(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'));
    expect(c.parser.keepAliveTimeoutS).toBe(-1);
  });

  it('has no body for HEAD, 204 and 304 whatever the headers say', () => {
    expect(whole('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n', 'HEAD').complete).toEqual([
      { trailers: null, unconsumed: 0 },
    ]);
    expect(whole('HTTP/1.1 304 Not Modified\r\ncontent-length: 10\r\n\r\n').complete).toHaveLength(1);
    expect(whole('HTTP/1.1 204 No Content\r\ntransfer-encoding: chunked\r\n\r\n').complete).toHaveLength(1);
  });

  it('skips 1xx interim responses (each bounded on its own) and reports only the final one', () => {
    const p = whole(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok',
    );
    expect(p.heads.map((h) => h.status)).toEqual([200]);
    expect(p.body).toBe('ok');
  });

  it('reads a non-chunked transfer coding until close, and accepts a list of identical lengths', () => {
    const gz = whole('HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\nxyz', 'GET', true);
    expect(gz).toMatchObject({ body: 'xyz', heads: [{ bodyKind: 'close', keepAlive: false }], error: null });
    expect(whole('HTTP/1.1 200 OK\r\ncontent-length: 2, 2\r\ncontent-length: 2\r\n\r\nok').body).toBe('ok');
    const te2 = whole(
      'HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\ntransfer-encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n',
    );
    expect(te2).toMatchObject({ body: 'z', error: null, heads: [{ bodyKind: 'chunked' }] });
  });

  it('reports bytes beyond the end of a response as unconsumed instead of parsing them', () => {
    const p = whole('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n');
    expect(p.complete).toEqual([{ trailers: null, unconsumed: 19 }]);
    expect(p.heads).toHaveLength(1);
    const chunked = whole('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\nX');
    expect(chunked.complete).toEqual([{ trailers: [], unconsumed: 1 }]);
  });

  it('throws HPE_UNEXPECTED_DATA for bytes while no response is expected', () => {
    const c = new Collector();
    expect(() => c.parser.push(Buffer.from('HTTP/1.1 200 OK\r\n'))).toThrow(
      expect.objectContaining({ code: 'HPE_UNEXPECTED_DATA' }),
    );
  });

  it('throws ECONNRESET at EOF before a response ends, and completes a close-delimited one', () => {
    expect(whole('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nab', 'GET', true).error).toBe('ECONNRESET');
    expect(whole('HTTP/1.1 200 OK\r\ncontent', 'GET', true).error).toBe('ECONNRESET');
    expect(whole('', 'GET', true).error).toBe('ECONNRESET');
    expect(whole('HTTP/1.1 200 OK\r\n\r\n', 'GET', true)).toMatchObject({
      error: null,
      complete: [{ unconsumed: 0 }],
    });
  });

  const errors: Array<[string, string, string]> = [
    ['HPE_INVALID_CONSTANT', 'garbage status line', 'HTTX/1.1 200 OK\r\n\r\n'],
    ['HPE_INVALID_CONSTANT', 'leading empty line', '\r\nHTTP/1.1 200 OK\r\n\r\n'],
    ['HPE_INVALID_VERSION', 'HTTP/2.0', 'HTTP/2.0 200 OK\r\n\r\n'],
    ['HPE_INVALID_STATUS', 'status 99', 'HTTP/1.1 99 Low\r\n\r\n'],
    ['HPE_INVALID_STATUS', 'status 1000', 'HTTP/1.1 1000 High\r\n\r\n'],
    ['HPE_INVALID_STATUS', 'status not digits', 'HTTP/1.1 2x0 OK\r\n\r\n'],
    ['HPE_INVALID_STATUS', 'control byte in reason', 'HTTP/1.1 200 O\x00K\r\n\r\n'],
    ['HPE_INVALID_HEADER_TOKEN', 'space in a name', 'HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n'],
    ['HPE_INVALID_HEADER_TOKEN', 'space before the colon', 'HTTP/1.1 200 OK\r\nName : x\r\n\r\n'],
    ['HPE_INVALID_HEADER_TOKEN', 'obs-fold', 'HTTP/1.1 200 OK\r\nA: x\r\n  folded\r\n\r\n'],
    ['HPE_CR_EXPECTED', 'bare LF in a value', 'HTTP/1.1 200 OK\r\nA: x\ny: z\r\n\r\n'],
    ['HPE_LF_EXPECTED', 'bare CR in a value', 'HTTP/1.1 200 OK\r\nA: x\ry: z\r\n\r\n'],
    ['HPE_INVALID_HEADER_TOKEN', 'NUL in a value', 'HTTP/1.1 200 OK\r\nA: x\x00\r\n\r\n'],
    ['HPE_INVALID_CONTENT_LENGTH', 'CL abc', 'HTTP/1.1 200 OK\r\ncontent-length: abc\r\n\r\n'],
    ['HPE_INVALID_CONTENT_LENGTH', 'CL -1', 'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n'],
    ['HPE_INVALID_CONTENT_LENGTH', 'CL list 1, 2', 'HTTP/1.1 200 OK\r\ncontent-length: 1, 2\r\n\r\n'],
    [
      'HPE_INVALID_CONTENT_LENGTH',
      'two different CLs',
      'HTTP/1.1 200 OK\r\ncontent-length: 1\r\nContent-Length: 2\r\n\r\n',
    ],
    ['HPE_INVALID_CONTENT_LENGTH', 'empty CL', 'HTTP/1.1 200 OK\r\ncontent-length:\r\n\r\n'],
    [
      'HPE_INVALID_CHUNK_SIZE',
      'chunk size not hex',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n',
    ],
    [
      'HPE_INVALID_CHUNK_SIZE',
      'chunk size too big',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n10000000000000\r\n',
    ],
    [
      'HPE_INVALID_CHUNK_SIZE',
      'no CRLF after data',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\nab\r\n',
    ],
    [
      'HPE_INVALID_CHUNK_SIZE',
      'bare LF after size',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\nab\r\n',
    ],
    [
      'HPE_INVALID_CHUNK_SIZE',
      'garbage after size',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1 x\r\na\r\n',
    ],
    ['HPE_INVALID_TRANSFER_ENCODING', 'empty TE', 'HTTP/1.1 200 OK\r\ntransfer-encoding: ,\r\n\r\n'],
    [
      'HPE_INVALID_TRANSFER_ENCODING',
      'chunked twice',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked, chunked\r\n\r\n',
    ],
    [
      'HPE_INVALID_TRANSFER_ENCODING',
      'non-token coding',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: gz ip\r\n\r\n',
    ],
    [
      'HPE_UNEXPECTED_UPGRADE',
      '101 without an upgrade',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n',
    ],
  ];
  it.each(errors)('throws %s for %s', (code, _name, text) => {
    expect(whole(text).error).toBe(code);
  });

  it('refuses a line ending that is not CRLF at once, not at EOF, with one code however split', () => {
    // LF-only servers exist; waiting for a CRLFCRLF that never comes would hang until the timeout
    const lfOnly = Buffer.from('HTTP/1.1 200 OK\ncontent-length: 2\n\nok');
    expect(parse([lfOnly]).error).toBe('HPE_CR_EXPECTED');
    expect(parse(splitAt(lfOnly, [...lfOnly.keys()])).error).toBe('HPE_CR_EXPECTED');
    const crOnly = Buffer.from('HTTP/1.1 200 OK\rcontent-length: 2\r\r\nok');
    expect(parse(splitAt(crOnly, [...crOnly.keys()])).error).toBe('HPE_LF_EXPECTED');
    const inTrailer = Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\nt: v\n\n');
    expect(parse([inTrailer]).error).toBe('HPE_CR_EXPECTED');
    expect(parse(splitAt(inTrailer, [...inTrailer.keys()])).error).toBe('HPE_CR_EXPECTED');
    for (const text of ['HTTP/1.1 200 OK\r\nA: x\ny: z\r\n\r\n', 'HTTP/1.1 200 O\nK\r\n\r\n']) {
      const bytes = Buffer.from(text);
      expect(parse(splitAt(bytes, [...bytes.keys()])).error).toBe(parse([bytes]).error);
    }
  });

  it('takes leading zeros in a content-length and a chunk size (only significant digits are bounded)', () => {
    const cl = whole(`HTTP/1.1 200 OK\r\ncontent-length: ${'0'.repeat(30)}2\r\n\r\nok`);
    expect(cl).toMatchObject({ error: null, body: 'ok' });
    const chunk = whole(
      `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${'0'.repeat(30)}2\r\nok\r\n0\r\n\r\n`,
    );
    expect(chunk).toMatchObject({ error: null, body: 'ok' });
    // 13 significant hex digits are the most that stay exact; 16 significant decimal ones are refused
    const big = (hex: string) =>
      whole(`HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${hex}\r\n`).error;
    expect(big('F'.repeat(13))).toBeNull();
    expect(big(`000${'F'.repeat(13)}`)).toBeNull();
    expect(big('1'.repeat(14))).toBe('HPE_INVALID_CHUNK_SIZE');
    expect(whole(`HTTP/1.1 200 OK\r\ncontent-length: 9007199254740993\r\n\r\n`).error).toBe(
      'HPE_INVALID_CONTENT_LENGTH',
    );
  });

  it('does not interpret framing names in a trailer section (the body has already ended)', () => {
    const parsed = whole(
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n' +
        'Content-Length: x\r\nTransfer-Encoding: ,\r\nConnection: close\r\n\r\n',
    );
    expect(parsed.error).toBeNull();
    expect(parsed.complete[0].trailers).toEqual([
      'Content-Length',
      'x',
      'Transfer-Encoding',
      ',',
      'Connection',
      'close',
    ]);
  });

  it('throws HPE_HEADER_OVERFLOW beyond maxHeaderBytes, split or not, and accepts exactly the limit', () => {
    const head = (fill: number) => `HTTP/1.1 200 OK\r\nx: ${'a'.repeat(fill)}\r\ncontent-length: 0\r\n\r\n`;
    const size = (fill: number) => head(fill).length - 2; // status line + fields, without the empty line
    const fill = 200;
    const limit = size(fill);
    const at = Buffer.from(head(fill));
    const over = Buffer.from(head(fill + 1));
    expect(parse([at], 'GET', false, limit).error).toBeNull();
    expect(parse(splitAt(at, [...at.keys()]), 'GET', false, limit).error).toBeNull();
    expect(parse([over], 'GET', false, limit).error).toBe('HPE_HEADER_OVERFLOW');
    expect(parse(splitAt(over, [...over.keys()]), 'GET', false, limit).error).toBe('HPE_HEADER_OVERFLOW');
    // no terminator at all: refused once the kept bytes pass the limit, not buffered forever
    const endless = Buffer.from(`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(300)}`);
    expect(parse(splitAt(endless, [40, 80, 120, 160, 200, 240, 280]), 'GET', false, limit).error).toBe(
      'HPE_HEADER_OVERFLOW',
    );
    // a trailer section is bounded the same way
    const trailer = Buffer.from(
      `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\nt: ${'b'.repeat(300)}\r\n\r\n`,
    );
    expect(parse([trailer], 'GET', false, limit).error).toBe('HPE_HEADER_OVERFLOW');
  });

  it('stops a push when a callback resets the parser (an abort from onData)', () => {
    const events: ResponseEvents = {
      onResponseHead: () => {},
      onResponseBody: () => parser.reset(),
      onResponseComplete: () => {
        throw new Error('must not complete after a reset');
      },
    };
    const parser = new ResponseParser({ maxHeaderBytes: 1024 }, events);
    parser.expect('GET');
    parser.push(
      Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n0\r\n\r\n'),
    );
    expect(parser.busy).toBe(false);
  });

  it('hands body bytes out as views of the pushed chunk, not copies', () => {
    const chunk = Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nbody');
    let seen: Buffer | null = null;
    const parser = new ResponseParser(
      { maxHeaderBytes: 1024 },
      { onResponseHead: () => {}, onResponseBody: (b) => (seen = b), onResponseComplete: () => {} },
    );
    parser.expect('GET');
    parser.push(chunk);
    expect(seen!.buffer).toBe(chunk.buffer);
  });
});
