import { Client, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { errorCode } from '../error-code';
import { Http1Connection } from './connection';
import {
  type Recorded,
  type Recorder,
  type Reply,
  record,
  type Script,
  type ScriptedServer,
  type Split,
  sleep,
  startScriptedServer,
  tlsFixture,
  until,
} from './test-support/scripted-server';
import type { ConnectionRequest, RawResponseHandler } from './types';

/**
 * Byte-level wire tests of the engine's per-lane HTTP/1.1 connection. Every scenario runs against
 * undici's Client (the reference the engine used until now) and pacer's Http1Connection, through
 * the raw handler callbacks the engine uses. Where the two legitimately differ, the row of the
 * implementation table states it and the test asserts each one's behaviour.
 */

type WireConnection = Pick<Http1Connection, 'dispatch' | 'close' | 'destroy'>;

interface OpenOptions {
  origin: string;
  localAddress?: string;
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  rejectUnauthorized?: boolean;
}

/** Where an implementation's behaviour is its own, not a bug in either. */
interface Implementation {
  name: string;
  open(options: OpenOptions): WireConnection;
  /** errorCode() of a response head beyond 16 KiB. */
  headerOverflow: string;
  /** How a request that cannot be serialised is refused. */
  refuses: { by: 'throw' | 'onError'; code: string };
  /** A caller's content-length that disagrees with the body. */
  callerContentLength: { replaced: true } | { replaced: false; code: string };
  /** errorCode() of a response the parser rejects, given llhttp's code for it. */
  parseError(hpe: string): string;
  /** Whether statusText is whole when the status line arrives in several reads. */
  statusTextSurvivesSplits: boolean;
  /** Whether onHeaders also sees 1xx responses. */
  reportsInterim: boolean;
  /** onComplete's argument for a response without trailers. */
  noTrailers: string[] | null;
  /** A dispatch while a request is in flight. */
  whenBusy: 'throws' | 'queues';
  /** The error code of a dispatch after close() resolved (the engine records either as `aborted`). */
  afterClose: string;
  /** When, after a response with `Keep-Alive: timeout=1`, the idle socket is closed [min, max] ms. */
  oneSecondHintClosesWithin: [number, number];
}

const undici: Implementation = {
  name: 'undici',
  open: (o) => {
    const client = new Client(o.origin, {
      ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      connect: {
        timeout: o.connectTimeoutMs ?? 2_000,
        ...(o.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: o.rejectUnauthorized }),
      },
      keepAliveTimeout: o.keepAliveTimeoutMs ?? 30_000,
    });
    return {
      dispatch: (r, handler) =>
        client.dispatch(
          {
            origin: o.origin,
            path: r.path,
            method: r.method as Dispatcher.HttpMethod,
            headers: [...r.headers],
            body: r.body,
          },
          handler,
        ),
      close: () => client.close(),
      destroy: () => client.destroy(),
    };
  },
  // undici checks the size itself before llhttp would
  headerOverflow: 'UND_ERR_HEADERS_OVERFLOW',
  // undici's DispatcherBase catches what its Request constructor throws and calls onError
  refuses: { by: 'onError', code: 'UND_ERR_INVALID_ARG' },
  // strictContentLength (the default) fails the request rather than send a wrong length
  callerContentLength: { replaced: false, code: 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH' },
  // undici 7.30 builds HTTPParserError with constants.ERROR[ret], a name->number map indexed by a
  // number: the code is always undefined, so records carry the class name (the llhttp reason is
  // only in the message)
  parseError: () => 'HTTPParserError',
  // undici's onStatus assigns each piece instead of appending: a split line keeps only its tail
  statusTextSurvivesSplits: false,
  reportsInterim: true,
  // the engine ignores trailers, so [] and null mean the same to it
  noTrailers: [],
  whenBusy: 'queues',
  // a closed Client destroys itself once drained, and then names itself destroyed
  afterClose: 'UND_ERR_DESTROYED',
  // hint minus its 2 s threshold is <= 0: the socket is marked reset and closed right away
  oneSecondHintClosesWithin: [0, 500],
};

const http1: Implementation = {
  name: 'http1',
  open: (o) => new Http1Connection({ connectTimeoutMs: 2_000, ...o }),
  headerOverflow: 'HPE_HEADER_OVERFLOW',
  // a request it cannot write is the caller's bug: thrown before anything is sent (the engine's
  // send() catches it and records it like any failed request)
  refuses: { by: 'throw', code: 'ERR_INVALID_ARG_VALUE' },
  callerContentLength: { replaced: true },
  parseError: (hpe) => hpe,
  statusTextSurvivesSplits: true,
  reportsInterim: false,
  noTrailers: null,
  // one request per connection by design: the engine's lanes never dispatch onto a busy one
  whenBusy: 'throws',
  afterClose: 'UND_ERR_CLOSED',
  // half a hint under 4 s (1 s -> 500 ms), else the hint minus 2 s: kept for reuse until then
  oneSecondHintClosesWithin: [400, 1_100],
};

const implementations: Array<[string, Implementation]> = [
  ['undici', undici],
  ['http1', http1],
];

const SPLITS: Split[] = ['whole', 'bytes', 'random'];
const NEXT = 'HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nnext';
const GET: ConnectionRequest = { path: '/first', method: 'GET', headers: [], body: null };

const open: Array<{ close(): Promise<void> } | WireConnection> = [];
const recorders: Recorder[] = [];

afterEach(async () => {
  // every handler saw callbacks in a legal order and at most one end
  for (const r of recorders) expect(r.recorded.violations).toEqual([]);
  recorders.length = 0;
  const all = open.splice(0);
  await Promise.all(all.map((x) => ('destroy' in x ? x.destroy() : x.close()).catch(() => {})));
});

async function server(script: Script, tls = false): Promise<ScriptedServer> {
  const s = await startScriptedServer(script, { tls });
  open.push(s);
  return s;
}

function connect(impl: Implementation, options: OpenOptions): WireConnection {
  const c = impl.open({ connectTimeoutMs: 2_000, ...options });
  open.push(c);
  return c;
}

function start(conn: WireConnection, request: ConnectionRequest): Recorder {
  const r = record();
  recorders.push(r);
  conn.dispatch(request, r.handler);
  return r;
}

async function settle(r: Recorder, timeoutMs = 3_000): Promise<Recorded> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no onComplete/onError within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([r.done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function exchange(conn: WireConnection, request: ConnectionRequest = GET): Promise<Recorded> {
  return settle(start(conn, request));
}

function codeOf(seen: Recorded): string {
  expect(seen.error, `expected an error, got status ${seen.status}`).not.toBeNull();
  return errorCode(seen.error);
}

/** Answers the first request with `first` and every later one with NEXT. */
function firstThenNext(first: Reply): Script {
  return (request) => (request.seq === 0 ? first : { bytes: NEXT });
}

interface ResponseCase {
  name: string;
  method?: string;
  response: string;
  /** FIN after the response (a close-delimited body needs it). */
  fin?: boolean;
  status: number;
  /** 1xx responses before the final one. */
  interim?: number[];
  statusText?: string;
  headers?: string[];
  body: string;
  trailers?: string[];
  /** Whether the next request may go on the same socket. */
  reused: boolean;
  /** What an implementation does instead, keyed by its name, and why that is not a bug here. */
  differs?: Record<string, { error?: string; reused?: boolean; headers?: string[]; why: string }>;
}

const manyHeaders = Array.from({ length: 100 }, (_, i) => [`X-Header-${i}`, `value ${i}`]).flat();
const rateLimitBody = JSON.stringify({ error: 'too_many_requests', retryAfterSeconds: 42, note: 'Zoë €' });

const RESPONSES: ResponseCase[] = [
  {
    name: 'content-length body',
    response: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world',
    status: 200,
    statusText: 'OK',
    headers: ['Content-Type', 'text/plain', 'Content-Length', '11'],
    body: 'hello world',
    reused: true,
  },
  {
    name: 'zero-length body',
    response: 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n',
    status: 200,
    body: '',
    reused: true,
  },
  {
    name: 'chunked with extensions and trailers',
    response:
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n' +
      '5;ext=1\r\nhello\r\n6;name="q x";flag\r\n world\r\nB\r\n 0123456789\r\n0\r\nX-Checksum: abc\r\n\r\n',
    status: 200,
    headers: ['Transfer-Encoding', 'chunked', 'Trailer', 'X-Checksum'],
    body: 'hello world 0123456789',
    trailers: ['X-Checksum', 'abc'],
    reused: true,
  },
  {
    name: 'close-delimited body (no CL/TE, then FIN)',
    response: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the very end',
    fin: true,
    status: 200,
    body: 'until the very end',
    reused: false,
  },
  {
    name: 'HEAD with a content-length and no body',
    method: 'HEAD',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n',
    status: 200,
    headers: ['Content-Length', '1234'],
    body: '',
    reused: true,
    differs: {
      undici: {
        reused: false,
        why: 'undici keeps a socket after HEAD only when the response says Connection: keep-alive',
      },
    },
  },
  {
    name: '204 with no body',
    response: 'HTTP/1.1 204 No Content\r\nX-Id: 7\r\n\r\n',
    status: 204,
    statusText: 'No Content',
    body: '',
    reused: true,
  },
  {
    // the content-length of a 304 describes the cached representation, not bytes that follow
    name: '304 with a content-length and no body',
    response: 'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nContent-Length: 50\r\n\r\n',
    status: 304,
    body: '',
    reused: true,
    differs: {
      undici: {
        error: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
        why: 'undici checks the content-length of every non-HEAD response, 304 included (RFC 9110 8.6 allows it)',
      },
    },
  },
  {
    name: '103 Early Hints before the 200',
    interim: [103],
    response:
      'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    headers: ['Content-Length', '2'],
    body: 'ok',
    reused: true,
  },
  {
    name: '100 Continue and 103 Early Hints before the 200',
    interim: [100, 103],
    response:
      'HTTP/1.1 100 Continue\r\n\r\n' +
      'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    headers: ['Content-Length', '2'],
    body: 'ok',
    reused: true,
    differs: {
      undici: {
        // SocketError 'bad response' (UND_ERR_SOCKET), which errorCode reports as ECONNRESET
        error: 'ECONNRESET',
        why: 'undici never sends Expect: 100-continue, so it treats an unsolicited 100 as a broken server',
      },
    },
  },
  {
    // the server leaves the socket open: the client must not reuse it
    name: 'HTTP/1.0 response (not reused)',
    response: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    reused: false,
  },
  {
    name: 'HTTP/1.0 response with Connection: keep-alive (reused)',
    response: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    reused: true,
  },
  {
    name: 'Connection: close (server leaves the socket open; not reused)',
    response: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    reused: false,
  },
  {
    name: 'Connection: close then FIN',
    response: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok',
    fin: true,
    status: 200,
    body: 'ok',
    reused: false,
  },
  {
    name: 'many headers',
    response: `HTTP/1.1 200 OK\r\n${pairs(manyHeaders)}Content-Length: 1\r\n\r\n.`,
    status: 200,
    headers: [...manyHeaders, 'Content-Length', '1'],
    body: '.',
    reused: true,
  },
  {
    name: 'repeated headers keep their raw order and case',
    response:
      'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-RateLimit-Limit: 300\r\nset-cookie: b=2\r\n' +
      'X-RATELIMIT-LIMIT: 301\r\nContent-Length: 0\r\n\r\n',
    status: 200,
    headers: [
      'Set-Cookie',
      'a=1',
      'X-RateLimit-Limit',
      '300',
      'set-cookie',
      'b=2',
      'X-RATELIMIT-LIMIT',
      '301',
      'Content-Length',
      '0',
    ],
    body: '',
    reused: true,
  },
  {
    name: 'header values: internal spaces kept, leading and trailing OWS dropped, empty value',
    response:
      'HTTP/1.1 200 OK\r\nX-Spaced:  \t a  b \t c \t \r\nX-Empty:\r\nX-Tight:v\r\nContent-Length: 0\r\n\r\n',
    status: 200,
    headers: ['X-Spaced', 'a  b \t c', 'X-Empty', '', 'X-Tight', 'v', 'Content-Length', '0'],
    body: '',
    reused: true,
    differs: {
      undici: {
        headers: ['X-Spaced', 'a  b \t c \t ', 'X-Empty', '', 'X-Tight', 'v', 'Content-Length', '0'],
        why: 'undici passes llhttp raw values on, trailing OWS included (RFC 9112 5.1 excludes it)',
      },
    },
  },
  {
    name: 'empty reason phrase',
    response: 'HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n',
    status: 200,
    statusText: '',
    body: '',
    reused: true,
  },
  {
    name: '429 with Retry-After and a JSON body',
    response:
      'HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 42\r\n' +
      `X-RateLimit-Limit: 300\r\nX-RateLimit-Remaining: 0\r\nContent-Length: ${Buffer.byteLength(rateLimitBody)}\r\n\r\n` +
      Buffer.from(rateLimitBody).toString('latin1'),
    status: 429,
    statusText: 'Too Many Requests',
    body: rateLimitBody,
    reused: true,
  },
  {
    name: 'chunked: upper-case hex, leading zeros, no trailers',
    response:
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
      `00C\r\n${'a'.repeat(12)}\r\n1f\r\n${'b'.repeat(31)}\r\n000\r\n\r\n`,
    status: 200,
    body: 'a'.repeat(12) + 'b'.repeat(31),
    trailers: [],
    reused: true,
  },
  {
    name: 'content-length list of identical values',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello',
    status: 200,
    body: 'hello',
    reused: true,
    differs: {
      undici: {
        error: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
        why: 'llhttp rejects any list (RFC 9110 8.6 allows identical values); undici reports it as a length mismatch',
      },
    },
  },
  {
    // RFC 9112 6.3: with both, Transfer-Encoding wins and the connection must close afterwards
    name: 'transfer-encoding and content-length together',
    response:
      'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    status: 200,
    body: 'ok',
    trailers: [],
    reused: false,
    differs: {
      undici: {
        error: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
        why: 'llhttp refuses both headers together; undici reports it as a length mismatch',
      },
    },
  },
  {
    name: 'transfer-encoding gzip, chunked (final coding chunked)',
    response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    status: 200,
    body: 'abc',
    trailers: [],
    reused: true,
  },
  {
    // a final coding other than chunked: the body runs to the close
    name: 'transfer-encoding gzip alone, then FIN',
    response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw bytes',
    fin: true,
    status: 200,
    body: 'raw bytes',
    reused: false,
  },
  {
    name: 'leading zeros in a content-length and a chunk size',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 000000000000000000002\r\n\r\nok',
    status: 200,
    body: 'ok',
    reused: true,
  },
  {
    name: 'chunk size with 17 leading zeros',
    response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000002\r\nok\r\n0\r\n\r\n',
    status: 200,
    body: 'ok',
    trailers: [],
    reused: true,
  },
  {
    // the differential fuzzer's findings from here on (differential.test.ts)
    name: 'chunk extensions with BWS around ";" (RFC 9112 7.1.1 chunk-ext)',
    response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2 ;a=b\r\nok\r\n0\t; last\r\n\r\n',
    status: 200,
    body: 'ok',
    trailers: [],
    reused: true,
    differs: {
      undici: {
        error: 'HTTPParserError',
        why: 'llhttp refuses BWS and any non-token in an extension; http1 ignores extensions, checking only that they hold no control byte and stay bounded, which is all framing needs',
      },
    },
  },
  {
    name: 'framing names in a trailer section are not interpreted',
    response:
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nContent-Length: x\r\n\r\n',
    status: 200,
    body: 'ok',
    trailers: ['Content-Length', 'x'],
    reused: true,
    differs: {
      undici: {
        error: 'HTTPParserError',
        why: 'llhttp reads a trailer content-length as a framing conflict; the body has already ended, so http1 passes trailers on as data',
      },
    },
  },
  {
    name: 'an HTTP/1.0 103 before an HTTP/1.1 200',
    interim: [103],
    response: 'HTTP/1.0 103 Early Hints\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    reused: true,
    differs: {
      undici: {
        error: 'HTTPParserError',
        why: 'llhttp applies HTTP/1.0 close semantics to an interim response ("Data after Connection: close"); an interim response ends no connection',
      },
    },
  },
  {
    name: 'HTTP/1.0 with Connection: keep-alive, close (not reused)',
    response: 'HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    reused: false,
    differs: {
      undici: {
        reused: true,
        why: "llhttp's HTTP/1.0 rule looks for keep-alive only; close wins in RFC 9112 9.3 (http1 follows it)",
      },
    },
  },
  {
    name: 'control character in the reason phrase',
    response: 'HTTP/1.1 200 O\u0001K\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    reused: true,
    differs: {
      http1: {
        error: 'HPE_INVALID_STATUS',
        why: 'RFC 9112 4 allows HTAB, SP, VCHAR and obs-text; llhttp takes any byte but CR/LF. A server that sends control bytes is broken, and the record says so',
      },
    },
  },
  {
    name: 'an empty line before the status line',
    response: '\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    reused: true,
    differs: {
      http1: {
        error: 'HPE_INVALID_CONSTANT',
        why: 'llhttp skips empty lines before a response; on a keep-alive connection they are the tail of a mis-framed previous response, which http1 never reads past',
      },
    },
  },
  {
    name: 'a bare CR ending the status line',
    response: 'HTTP/1.1 200 OK\r\rX: y\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    reused: true,
    differs: {
      http1: {
        error: 'HPE_LF_EXPECTED',
        why: 'llhttp takes a lone CR after the status line; RFC 9112 2.2 makes a bare CR invalid, and line-ending disagreements are how responses get smuggled',
      },
    },
  },
  {
    name: 'transfer-encoding chunked applied twice',
    response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    status: 200,
    body: 'ok',
    trailers: [],
    reused: true,
    differs: {
      http1: {
        error: 'HPE_INVALID_TRANSFER_ENCODING',
        why: 'RFC 9112 7.1: chunked must not be applied more than once; llhttp only looks at the last coding',
      },
    },
  },
  {
    name: 'a transfer-encoding that is not a token list, then FIN',
    response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked>\r\n\r\nraw',
    fin: true,
    status: 200,
    body: 'raw',
    reused: false,
    differs: {
      http1: {
        error: 'HPE_INVALID_TRANSFER_ENCODING',
        why: 'llhttp reads an unknown coding as "not chunked" and the body up to the close; http1 refuses a coding that is not a token',
      },
    },
  },
  {
    name: 'an HTTP/2.0 status line',
    response: 'HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok',
    status: 200,
    body: 'ok',
    // llhttp reads 2.0 as an HTTP/1.0-style connection (no keep-alive)
    reused: false,
    differs: {
      http1: {
        error: 'HPE_INVALID_VERSION',
        why: 'llhttp accepts major version 2 on an HTTP/1.1 connection; http1 takes 1.0 and 1.1 only',
      },
    },
  },
];

function pairs(flat: string[]): string {
  let out = '';
  for (let i = 0; i < flat.length; i += 2) out += `${flat[i]}: ${flat[i + 1]}\r\n`;
  return out;
}

describe.each(implementations)('%s over the wire', (_name, impl) => {
  describe('response framing', () => {
    const cases = RESPONSES.flatMap((c) => SPLITS.map((split) => [c.name, split, c] as const));
    it.each(cases)('%s (%s)', async (_caseName, split, c) => {
      const own = c.differs?.[impl.name];
      const s = await server(firstThenNext({ bytes: c.response, split, after: c.fin ? 'end' : 'keep' }));
      const conn = connect(impl, { origin: s.origin });
      const seen = await exchange(conn, { ...GET, method: c.method ?? 'GET' });
      if (own?.error) {
        expect(codeOf(seen)).toBe(own.error);
      } else {
        expect(seen.error).toBeNull();
        expect(seen.status).toBe(c.status);
        expect(seen.statuses).toEqual([...(impl.reportsInterim ? (c.interim ?? []) : []), c.status]);
        if (c.statusText !== undefined && (split === 'whole' || impl.statusTextSurvivesSplits))
          expect(seen.statusText).toBe(c.statusText);
        const headers = own?.headers ?? c.headers;
        if (headers) expect(seen.headers).toEqual(headers);
        expect(seen.body.toString('utf8')).toBe(c.body);
        expect(seen.trailers).toEqual(c.trailers ?? impl.noTrailers);
      }
      // the next request proves where the first response ended
      if (c.fin) await until(() => s.sockets[0].clientEnded, 'the client to see the FIN');
      const next = await exchange(conn);
      expect(next.error).toBeNull();
      expect(next.body.toString()).toBe('next');
      expect(s.requests).toHaveLength(2);
      const reused = own?.error ? false : (own?.reused ?? c.reused);
      expect(s.requests[1].socket === s.requests[0].socket).toBe(reused);
    });
  });

  describe('keep-alive', () => {
    it('50 sequential requests share one server-side socket', async () => {
      const s = await server((request) => {
        const body = String(request.seq).padStart(3, '0');
        return { bytes: `HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n${body}` };
      });
      const conn = connect(impl, { origin: s.origin });
      for (let i = 0; i < 50; i++) {
        const seen = await exchange(conn, { ...GET, path: `/n/${i}` });
        expect(seen.body.toString()).toBe(String(i).padStart(3, '0'));
      }
      expect(s.sockets).toHaveLength(1);
      expect(s.requests.map((r) => r.target)).toEqual(Array.from({ length: 50 }, (_, i) => `/n/${i}`));
    });

    it('a socket the server closed while idle is replaced on the next dispatch', async () => {
      const s = await server(firstThenNext({ bytes: 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok' }));
      const conn = connect(impl, { origin: s.origin });
      expect((await exchange(conn)).body.toString()).toBe('ok');
      await sleep(20);
      s.sockets[0].socket.end();
      // the client answers the FIN with its own once it has seen the 'end'
      await until(() => s.sockets[0].clientEnded, 'the client to close its side');
      const next = await exchange(conn);
      expect(next.error).toBeNull();
      expect(next.body.toString()).toBe('next');
      expect(s.requests[1].socket).toBe(2);
    });

    it('Keep-Alive: timeout=1 makes the client close the idle socket by itself', async () => {
      const s = await server(
        firstThenNext({ bytes: 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\ncontent-length: 2\r\n\r\nok' }),
      );
      const conn = connect(impl, { origin: s.origin, keepAliveTimeoutMs: 30_000 });
      const seen = await exchange(conn);
      const completedAt = Date.now();
      expect(seen.body.toString()).toBe('ok');
      await until(() => s.sockets[0].clientEnded, 'the client to close the idle socket', 2_500);
      const idleMs = (s.sockets[0].endedAt ?? 0) - completedAt;
      // both close before the server's announced timeout so neither races the server's close
      const [min, max] = impl.oneSecondHintClosesWithin;
      expect(idleMs).toBeGreaterThanOrEqual(min);
      expect(idleMs).toBeLessThan(max);
      const next = await exchange(conn);
      expect(next.body.toString()).toBe('next');
      expect(s.requests[1].socket).toBe(2);
    });

    it('the keepAliveTimeoutMs option closes an idle socket', async () => {
      const s = await server(firstThenNext({ bytes: 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok' }));
      const conn = connect(impl, { origin: s.origin, keepAliveTimeoutMs: 200 });
      await exchange(conn);
      const completedAt = Date.now();
      await until(() => s.sockets[0].clientEnded, 'the client to close the idle socket', 2_000);
      const idleMs = (s.sockets[0].endedAt ?? 0) - completedAt;
      expect(idleMs).toBeGreaterThanOrEqual(150);
      expect((await exchange(conn)).body.toString()).toBe('next');
      expect(s.requests[1].socket).toBe(2);
    });
  });

  describe('connection errors', () => {
    it('connection refused keeps ECONNREFUSED', async () => {
      const s = await server(() => null);
      await s.unlisten();
      const conn = connect(impl, { origin: s.origin });
      const seen = await exchange(conn);
      expect(codeOf(seen)).toBe('ECONNREFUSED');
      expect(seen.events).not.toContain('headers');
    });

    it('a reconnect to a port that stopped listening is refused, not hung', async () => {
      const s = await server(() => ({ bytes: 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok' }));
      const conn = connect(impl, { origin: s.origin });
      expect((await exchange(conn)).status).toBe(200);
      await s.unlisten();
      s.sockets[0].socket.end();
      await until(() => s.sockets[0].clientEnded, 'the client to see the FIN');
      expect(codeOf(await exchange(conn))).toBe('ECONNREFUSED');
    });

    it('a localAddress the host does not have keeps EADDRNOTAVAIL', async () => {
      const s = await server(() => null);
      // TEST-NET-1: never assigned to this host, so bind() fails before any packet leaves
      const conn = connect(impl, { origin: s.origin, localAddress: '192.0.2.1' });
      expect(codeOf(await exchange(conn))).toBe('EADDRNOTAVAIL');
      expect(s.sockets).toHaveLength(0);
    });

    it('localAddress 127.0.0.2 is the remote address the server sees', async () => {
      const s = await server(() => ({ bytes: 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n' }));
      const conn = connect(impl, { origin: s.origin, localAddress: '127.0.0.2' });
      expect((await exchange(conn)).status).toBe(200);
      expect(s.sockets.map((x) => x.remoteAddress.replace(/^::ffff:/, ''))).toEqual(['127.0.0.2']);
    });
  });

  describe('the server breaks off', () => {
    const cases: Array<[string, string, 'end' | 'reset', boolean]> = [
      ['mid-status-line', 'HTTP/1.1 20', 'end', false],
      ['mid-headers', 'HTTP/1.1 200 OK\r\nContent-Le', 'end', false],
      ['mid-body (content-length short)', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello', 'end', true],
      ['mid-chunk', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', 'end', true],
      [
        'before the last chunk',
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n',
        'end',
        true,
      ],
      ['with RST mid-body', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel', 'reset', true],
      ['with RST before any byte', '', 'reset', false],
    ];
    it.each(cases)('%s: ECONNRESET, never a completed response', async (_n, bytes, then, headersSeen) => {
      const s = await server(firstThenNext({ bytes, after: then }));
      const conn = connect(impl, { origin: s.origin });
      const seen = await exchange(conn);
      expect(codeOf(seen)).toBe('ECONNRESET');
      expect(seen.events).not.toContain('complete');
      expect(seen.status).toBe(headersSeen ? 200 : null);
      // and the connection recovers on a new socket
      const next = await exchange(conn);
      expect(next.body.toString()).toBe('next');
      expect(s.requests[1].socket).toBe(2);
    });
  });

  describe('responses that cannot be parsed', () => {
    const big = 'x'.repeat(17 * 1024);
    interface BadCase {
      name: string;
      bytes: string;
      /** llhttp's code, or 'overflow' (each implementation names that its own way). */
      code: string;
      differs?: Record<string, { code: string; why: string }>;
    }
    const cases: BadCase[] = [
      {
        name: 'garbage status line',
        bytes: 'HTPT/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
        code: 'HPE_INVALID_CONSTANT',
      },
      { name: 'not HTTP at all', bytes: 'hello world\r\n\r\n', code: 'HPE_INVALID_CONSTANT' },
      {
        name: 'status 99',
        bytes: 'HTTP/1.1 99 Low\r\nContent-Length: 0\r\n\r\n',
        code: 'HPE_INVALID_STATUS',
      },
      {
        name: 'status 1000',
        bytes: 'HTTP/1.1 1000 High\r\nContent-Length: 0\r\n\r\n',
        code: 'HPE_INVALID_STATUS',
      },
      {
        name: 'status not digits',
        bytes: 'HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n',
        code: 'HPE_INVALID_STATUS',
      },
      {
        name: 'space in a header name',
        bytes: 'HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 0\r\n\r\n',
        code: 'HPE_INVALID_HEADER_TOKEN',
      },
      {
        name: 'separator in a header name',
        bytes: 'HTTP/1.1 200 OK\r\nx{y}: z\r\nContent-Length: 0\r\n\r\n',
        code: 'HPE_INVALID_HEADER_TOKEN',
      },
      {
        name: 'content-length abc',
        bytes: 'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n',
        code: 'HPE_INVALID_CONTENT_LENGTH',
      },
      {
        name: 'content-length -1',
        bytes: 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
        code: 'HPE_INVALID_CONTENT_LENGTH',
      },
      {
        name: 'content-length 1, 2',
        bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nab',
        code: 'HPE_INVALID_CONTENT_LENGTH',
        differs: {
          undici: {
            code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
            why: 'undici checks its own copy of the content-length before it looks at the llhttp error',
          },
        },
      },
      {
        name: 'differing content-length headers',
        bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc',
        code: 'HPE_INVALID_CONTENT_LENGTH',
        differs: {
          undici: {
            code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
            why: 'undici reports every llhttp content-length error as a mismatch once it saw the header',
          },
        },
      },
      {
        name: 'obs-fold in a header',
        bytes: 'HTTP/1.1 200 OK\r\nX-Folded: a\r\n  b\r\nContent-Length: 0\r\n\r\n',
        code: 'HPE_INVALID_HEADER_TOKEN',
      },
      {
        name: '101 Switching Protocols to a plain request',
        bytes: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n',
        code: 'HPE_UNEXPECTED_UPGRADE',
        differs: {
          // SocketError 'bad upgrade' (UND_ERR_SOCKET), which errorCode reports as ECONNRESET
          undici: { code: 'ECONNRESET', why: 'undici destroys the socket on an upgrade nobody asked for' },
        },
      },
      {
        name: 'chunk data longer than its size',
        bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n',
        code: 'HPE_INVALID_CHUNK_SIZE',
      },
      {
        name: 'bad chunk size',
        bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
        code: 'HPE_INVALID_CHUNK_SIZE',
      },
      {
        // refused at once: waiting for a CRLFCRLF that never comes would hang until the timeout
        name: 'LF-only line endings (the server keeps the socket open)',
        bytes: 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok',
        code: 'HPE_CR_EXPECTED',
      },
      {
        // the server then waits: the bad line must fail the request, not leave it to the timeout
        name: 'a bad header line in an unfinished head',
        bytes: 'HTTP/1.1 200 OK\r\nbad line\r\n',
        code: 'HPE_INVALID_HEADER_TOKEN',
      },
      {
        name: 'a bare CR in a header value',
        bytes: 'HTTP/1.1 200 OK\r\nX: a\rb\r\nContent-Length: 2\r\n\r\nok',
        code: 'HPE_LF_EXPECTED',
      },
      {
        name: 'header section over 16 KiB',
        bytes: `HTTP/1.1 200 OK\r\nX-Big: ${big}\r\nContent-Length: 0\r\n\r\n`,
        code: 'overflow',
      },
    ];
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
      const s = await server(firstThenNext({ bytes: c.bytes }));
      const conn = connect(impl, { origin: s.origin });
      const seen = await exchange(conn);
      const expected =
        c.differs?.[impl.name]?.code ??
        (c.code === 'overflow' ? impl.headerOverflow : impl.parseError(c.code));
      expect(codeOf(seen)).toBe(expected);
      expect(seen.events).not.toContain('complete');
      // a connection that fed the parser garbage is never reused
      const next = await exchange(conn);
      expect(next.body.toString()).toBe('next');
      expect(s.requests[1].socket).toBe(2);
    });

    it('a header section just under 16 KiB is accepted', async () => {
      const value = 'y'.repeat(16 * 1024 - 200);
      const s = await server(() => ({
        bytes: `HTTP/1.1 200 OK\r\nX-Big: ${value}\r\nContent-Length: 0\r\n\r\n`,
      }));
      const conn = connect(impl, { origin: s.origin });
      const seen = await exchange(conn);
      expect(seen.error).toBeNull();
      expect(seen.headers[1]).toBe(value);
    });
  });

  describe('response desync (GHSA-35p6-xmwp-9g52)', () => {
    const own = (seq: number): Reply => ({ bytes: `HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nown-${seq}` });
    const evil = 'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nEVIL!';

    it('bytes after a complete response: it completes, and the next request gets a new socket', async () => {
      const s = await server((r) =>
        r.seq === 0 ? { bytes: `HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nown-0${evil}` } : own(r.seq),
      );
      const conn = connect(impl, { origin: s.origin });
      const first = await exchange(conn);
      expect(first.body.toString()).toBe('own-0');
      const next = await exchange(conn);
      expect(next.error).toBeNull();
      expect(next.body.toString()).toBe('own-1');
      expect(s.requests[1].socket).toBe(2);
    });

    it('bytes arriving while idle: the socket is dropped, the next request gets its own response', async () => {
      const s = await server((r) => own(r.seq));
      const conn = connect(impl, { origin: s.origin });
      expect((await exchange(conn)).body.toString()).toBe('own-0');
      await sleep(10);
      s.sockets[0].socket.write(evil);
      await sleep(30);
      const next = await exchange(conn);
      expect(next.error).toBeNull();
      expect(next.body.toString()).toBe('own-1');
      expect(s.requests[1].socket).toBe(2);
    });

    it('bytes after a complete response in the same read, split by byte', async () => {
      const s = await server((r) =>
        r.seq === 0
          ? { bytes: `HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nown-0${evil}`, split: 'bytes' }
          : own(r.seq),
      );
      const conn = connect(impl, { origin: s.origin });
      expect((await exchange(conn)).body.toString()).toBe('own-0');
      // let the trailing bytes arrive before the next dispatch
      await sleep(30);
      const next = await exchange(conn);
      expect(next.body.toString()).toBe('own-1');
      expect(s.requests[1].socket).toBe(2);
    });
  });

  describe('abort', () => {
    it('abort() from onConnect while the server never answers gives the caller its error', async () => {
      const s = await server((r) => (r.seq === 0 ? null : { bytes: NEXT }));
      const conn = connect(impl, { origin: s.origin });
      const r = start(conn, GET);
      await until(() => s.requests.length === 1, 'the request to reach the server');
      expect(r.abort).not.toBeNull();
      const reason = Object.assign(new Error('deadline'), { code: 'ETIMEDOUT' });
      r.abort?.(reason);
      const seen = await settle(r);
      expect(seen.error).toBe(reason);
      expect(errorCode(seen.error)).toBe('timeout');
      // a late response to the aborted request must never meet the next one
      const next = await exchange(conn);
      expect(next.body.toString()).toBe('next');
      expect(s.requests[1].socket).toBe(2);
    });
  });

  describe('lifecycle', () => {
    const own = (seq: number): Reply => ({ bytes: `HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nown-${seq}` });

    /** Dispatches `count` requests, each from the previous one's onComplete (as a lane does). */
    function chain(conn: WireConnection, count: number, defer: boolean): Promise<Recorded[]> {
      const all: Recorded[] = [];
      return new Promise((resolve, reject) => {
        const next = (): void => {
          if (all.length === count) {
            resolve(all);
            return;
          }
          const r = record();
          recorders.push(r);
          all.push(r.recorded);
          const handler: RawResponseHandler = {
            ...r.handler,
            onComplete(trailers) {
              r.handler.onComplete(trailers);
              if (defer) queueMicrotask(next);
              else next();
            },
            onError(error) {
              r.handler.onError(error);
              reject(error);
            },
          };
          conn.dispatch({ ...GET, path: `/c/${all.length - 1}` }, handler);
        };
        next();
      });
    }

    it.each([
      ['synchronously', false],
      ['in a microtask', true],
    ] as const)('the next request dispatched from onComplete %s', async (_n, defer) => {
      const s = await server((r) => ({ ...own(r.seq), split: r.seq % 2 === 0 ? 'bytes' : 'whole' }));
      const conn = connect(impl, { origin: s.origin });
      const seen = await chain(conn, 6, defer);
      expect(seen.map((r) => r.body.toString())).toEqual([
        'own-0',
        'own-1',
        'own-2',
        'own-3',
        'own-4',
        'own-5',
      ]);
      expect(s.sockets).toHaveLength(1);
    });

    it.each([
      ['synchronously', false],
      ['in a microtask', true],
    ] as const)(
      'dispatched from onComplete %s, it never reads bytes that trailed the last response',
      async (_n, defer) => {
        const evil = 'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nEVIL!';
        const s = await server((r) => (r.seq === 0 ? { bytes: `${own(0).bytes}${evil}` } : own(r.seq)));
        const conn = connect(impl, { origin: s.origin });
        const seen = await chain(conn, 3, defer);
        expect(seen.map((r) => r.body.toString())).toEqual(['own-0', 'own-1', 'own-2']);
        expect(s.requests.map((r) => r.socket)).toEqual([1, 2, 2]);
      },
    );

    it('abort() inside onConnect: nothing is sent, the caller gets its error', async () => {
      const s = await server(() => ({ bytes: NEXT }));
      const conn = connect(impl, { origin: s.origin });
      const r = record();
      recorders.push(r);
      const reason = new Error('timed out while queued');
      conn.dispatch(GET, {
        ...r.handler,
        onConnect(abort) {
          r.handler.onConnect(abort);
          abort(reason);
        },
      });
      const seen = await settle(r);
      expect(seen.error).toBe(reason);
      expect(seen.events).toEqual(['connect', 'error']);
      await sleep(20);
      expect(s.requests).toHaveLength(0);
      expect((await exchange(conn)).body.toString()).toBe('next');
      expect(s.requests).toHaveLength(1);
    });

    it('a dispatch while a request is in flight', async () => {
      const s = await server((r) => own(r.seq));
      const conn = connect(impl, { origin: s.origin });
      const first = start(conn, GET);
      const second = record();
      recorders.push(second);
      let thrown: unknown = null;
      try {
        conn.dispatch(GET, second.handler);
      } catch (error) {
        thrown = error;
      }
      expect((await settle(first)).body.toString()).toBe('own-0');
      if (impl.whenBusy === 'throws') {
        expect(thrown).toBeInstanceOf(Error);
        expect(second.recorded.events).toEqual([]);
        expect(s.requests).toHaveLength(1);
      } else {
        expect(thrown).toBeNull();
        expect((await settle(second)).body.toString()).toBe('own-1');
        expect(s.requests.map((r) => r.socket)).toEqual([1, 1]);
      }
    });

    it('close() lets the request in flight finish, then ends the socket; later dispatches fail', async () => {
      const s = await server(() => null);
      const conn = connect(impl, { origin: s.origin });
      const inFlight = start(conn, GET);
      await until(() => s.requests.length === 1, 'the request to reach the server');
      let closed = false;
      const closing = conn.close().then(() => {
        closed = true;
      });
      await sleep(30);
      expect(closed).toBe(false);
      expect(inFlight.recorded.events).toEqual(['connect']);
      s.sockets[0].socket.write('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nlast');
      expect((await settle(inFlight)).body.toString()).toBe('last');
      await closing;
      await until(() => s.sockets[0].clientEnded, 'the client to close the socket');
      const late = record();
      recorders.push(late);
      let thrown: unknown = null;
      try {
        conn.dispatch(GET, late.handler);
      } catch (error) {
        thrown = error;
      }
      // both report it through onError, not a throw: the engine records it like any failed request
      expect(thrown).toBeNull();
      const refused = (await settle(late)).error;
      expect((refused as { code?: string } | null)?.code).toBe(impl.afterClose);
      expect(errorCode(refused)).toBe('aborted');
      expect(s.sockets).toHaveLength(1);
    });

    it('destroy() fails the request in flight and drops the socket', async () => {
      const s = await server(() => null);
      const conn = connect(impl, { origin: s.origin });
      const inFlight = start(conn, GET);
      await until(() => s.requests.length === 1, 'the request to reach the server');
      await conn.destroy();
      const seen = await settle(inFlight);
      expect((seen.error as { code?: string } | null)?.code).toBe('UND_ERR_DESTROYED');
      expect(errorCode(seen.error)).toBe('aborted');
      expect(seen.events).not.toContain('complete');
      await until(() => s.sockets[0].closed, 'the socket to close');
    });

    it('a TLS handshake that never completes hits the connect timeout', async () => {
      // a plain TCP server that never answers the ClientHello
      const s = await server(() => null);
      const conn = connect(impl, { origin: s.origin.replace('http:', 'https:'), connectTimeoutMs: 300 });
      const startedAt = Date.now();
      const seen = await exchange(conn);
      expect(errorCode(seen.error)).toBe('timeout');
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
      expect(Date.now() - startedAt).toBeLessThan(2_000);
    });

    it.each([
      [
        'content-length',
        (body: string) => `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      ],
      [
        'chunked',
        (body: string) => {
          let out = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n';
          for (let at = 0; at < body.length; at += 50_000) {
            const piece = body.slice(at, at + 50_000);
            out += `${piece.length.toString(16)}\r\n${piece}\r\n`;
          }
          return `${out}0\r\n\r\n`;
        },
      ],
    ] as const)('a 300 KiB %s body arrives intact', async (_n, frame) => {
      const body = Array.from({ length: 300 * 1024 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
      // whole: loopback TCP still hands it over in many reads, cut wherever the kernel likes
      const s = await server(firstThenNext({ bytes: frame(body) }));
      const conn = connect(impl, { origin: s.origin });
      const seen = await exchange(conn);
      expect(seen.body.length).toBe(body.length);
      expect(seen.body.toString('latin1') === body).toBe(true);
      expect((await exchange(conn)).body.toString()).toBe('next');
      expect(s.sockets).toHaveLength(1);
    });
  });

  describe('request bytes', () => {
    const ok = (): Reply => ({ bytes: 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n' });

    it('GET without a body: request line, host, caller headers in order, no body', async () => {
      const s = await server(ok);
      const conn = connect(impl, { origin: s.origin });
      const headers = ['x-api-key', 'k-1', 'Accept', 'application/json', 'X-Trace', 'a b'];
      await exchange(conn, { path: '/v1/users?limit=5&q=%20x', method: 'GET', headers, body: null });
      const [seen] = s.requests;
      expect(seen.head.split('\r\n')[0]).toBe('GET /v1/users?limit=5&q=%20x HTTP/1.1');
      const names = seen.headers.map(([n]) => n.toLowerCase());
      expect(seen.headers.filter(([n]) => n.toLowerCase() === 'host')).toEqual([
        ['host', `127.0.0.1:${s.port}`],
      ]);
      expect(
        seen.headers.filter(([n]) => ['x-api-key', 'accept', 'x-trace'].includes(n.toLowerCase())),
      ).toEqual([
        ['x-api-key', 'k-1'],
        ['Accept', 'application/json'],
        ['X-Trace', 'a b'],
      ]);
      expect(names).not.toContain('transfer-encoding');
      expect(names).not.toContain('content-length');
      // nothing but the head went over the wire
      expect(Buffer.concat(s.sockets[0].received).toString('latin1')).toBe(seen.head);
    });

    it('POST with a utf8 JSON body: content-length counts bytes, not chars', async () => {
      const s = await server(ok);
      const conn = connect(impl, { origin: s.origin });
      const body = JSON.stringify({ name: 'Zoë Łukasz', amount: '€5', emoji: '🚀' });
      expect(Buffer.byteLength(body)).toBeGreaterThan(body.length);
      await exchange(conn, {
        path: '/v1/transfers',
        method: 'POST',
        headers: ['content-type', 'application/json'],
        body,
      });
      const [seen] = s.requests;
      expect(seen.method).toBe('POST');
      const lengths = seen.headers.filter(([n]) => n.toLowerCase() === 'content-length').map(([, v]) => v);
      expect(lengths).toEqual([String(Buffer.byteLength(body))]);
      expect(seen.body.toString('utf8')).toBe(body);
    });

    it('a caller host header replaces the default one', async () => {
      const s = await server(ok);
      const conn = connect(impl, { origin: s.origin });
      await exchange(conn, { ...GET, headers: ['x-a', '1', 'host', 'api.example.test'] });
      const hosts = s.requests[0].headers.filter(([n]) => n.toLowerCase() === 'host').map(([, v]) => v);
      expect(hosts).toEqual(['api.example.test']);
    });

    it('a caller content-length that disagrees with the body', async () => {
      const s = await server(ok);
      const conn = connect(impl, { origin: s.origin });
      const seen = await exchange(conn, {
        path: '/p',
        method: 'POST',
        headers: ['content-length', '999'],
        body: 'abc',
      });
      const expected = impl.callerContentLength;
      if (expected.replaced) {
        expect(seen.status).toBe(200);
        const lengths = s.requests[0].headers.filter(([n]) => n.toLowerCase() === 'content-length');
        expect(lengths.map(([, v]) => v)).toEqual(['3']);
        expect(s.requests[0].body.toString()).toBe('abc');
      } else {
        expect(codeOf(seen)).toBe(expected.code);
        expect(s.requests).toHaveLength(0);
      }
    });

    interface RefusedCase {
      name: string;
      request: ConnectionRequest;
      /** What the error message must name. */
      named: string;
      differs?: Record<string, { accepted?: true; code?: string; why: string }>;
    }
    const refused: RefusedCase[] = [
      {
        name: 'CRLF in a header value',
        request: { ...GET, headers: ['x-a', 'v\r\nx-injected: 1'] },
        named: 'x-a',
      },
      { name: 'LF in a header value', request: { ...GET, headers: ['x-b', 'v\nx'] }, named: 'x-b' },
      { name: 'NUL in a header value', request: { ...GET, headers: ['x-c', 'v\u0000x'] }, named: 'x-c' },
      {
        name: 'a control byte in a header value',
        request: { ...GET, headers: ['x-e', 'v\u0001x'] },
        named: 'x-e',
      },
      { name: 'a header value char above 0xFF', request: { ...GET, headers: ['x-d', '5 €'] }, named: 'x-d' },
      { name: 'a non-token header name', request: { ...GET, headers: ['x bad', 'v'] }, named: 'x bad' },
      { name: 'a non-token method', request: { ...GET, method: 'GE T' }, named: 'method' },
      { name: 'a space in the path', request: { ...GET, path: '/a b' }, named: 'path' },
      { name: 'a non-ASCII path', request: { ...GET, path: '/caf€' }, named: 'path' },
      {
        name: 'a transfer-encoding header',
        request: { ...GET, method: 'POST', headers: ['transfer-encoding', 'chunked'], body: 'x' },
        named: 'transfer-encoding',
      },
      {
        name: 'a keep-alive header',
        request: { ...GET, headers: ['keep-alive', 'timeout=5'] },
        named: 'keep-alive',
      },
      { name: 'an upgrade header', request: { ...GET, headers: ['upgrade', 'websocket'] }, named: 'upgrade' },
      {
        name: 'a connection header',
        request: { ...GET, headers: ['connection', 'keep-alive'] },
        named: 'connection',
        differs: {
          undici: {
            accepted: true,
            why: "undici takes 'keep-alive' and 'close' (the latter ends the socket)",
          },
        },
      },
      {
        name: 'an expect header',
        request: { ...GET, headers: ['expect', '100-continue'] },
        named: 'expect',
        differs: {
          undici: { code: 'UND_ERR_NOT_SUPPORTED', why: 'undici names it unsupported, not invalid' },
        },
      },
    ];
    it.each(refused.map((c) => [c.name, c] as const))(
      'refuses %s before anything is written',
      async (_n, c) => {
        const s = await server(ok);
        const conn = connect(impl, { origin: s.origin });
        const r = record();
        recorders.push(r);
        const own = c.differs?.[impl.name];
        let thrown: unknown = null;
        try {
          conn.dispatch(c.request, r.handler);
        } catch (error) {
          thrown = error;
        }
        if (own?.accepted) {
          expect(thrown).toBeNull();
          expect((await settle(r)).status).toBe(200);
          return;
        }
        if (impl.refuses.by === 'throw') {
          expect(thrown).toBeInstanceOf(Error);
          expect(errorCode(thrown)).toBe(own?.code ?? impl.refuses.code);
          expect((thrown as Error).message).toContain(c.named);
          expect(r.recorded.events).toEqual([]);
        } else {
          expect(thrown).toBeNull();
          expect(r.recorded.events).toEqual(['error']);
          expect(errorCode(r.recorded.error)).toBe(own?.code ?? impl.refuses.code);
        }
        await sleep(20);
        expect(s.sockets).toHaveLength(0);
        // the refused request left the connection usable
        expect((await exchange(conn)).status).toBe(200);
      },
    );
  });

  describe('TLS', () => {
    it('round-trips over https with rejectUnauthorized false', async () => {
      const s = await server(
        firstThenNext({ bytes: 'HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nsecret' }),
        true,
      );
      const conn = connect(impl, { origin: s.origin, rejectUnauthorized: false });
      const seen = await exchange(conn);
      expect(seen.error).toBeNull();
      expect(seen.body.toString()).toBe('secret');
      expect((await exchange(conn)).body.toString()).toBe('next');
      expect(s.sockets).toHaveLength(1);
    });

    it('refuses the self-signed certificate by default, keeping the code', async () => {
      const s = await server(() => ({ bytes: NEXT }), true);
      const conn = connect(impl, { origin: s.origin });
      expect(codeOf(await exchange(conn))).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(s.requests).toHaveLength(0);
    });
  });
});

// the fixture is what the TLS tests trust: fail loudly if it goes missing or stops covering 127.0.0.1
describe('test-data/tls', () => {
  it('is a certificate for 127.0.0.1 and localhost', async () => {
    const { X509Certificate } = await import('node:crypto');
    const cert = new X509Certificate(tlsFixture().cert);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(new Date(cert.validTo).getFullYear()).toBeGreaterThan(2100);
  });
});
