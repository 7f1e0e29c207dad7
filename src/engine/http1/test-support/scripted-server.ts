import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { RawResponseHandler } from '../types';

/**
 * A loopback server for byte-level HTTP/1.1 client tests: it reads each request (head, then a
 * content-length body) and answers with exactly the bytes the test scripts, whole or cut so the
 * client meets every read boundary. It never interprets the response it sends, so it can send
 * what no real server library would (bad framing, unsolicited bytes, a FIN or RST mid-message).
 */

/** How a reply is cut into writes: one write, one byte per write, or random pieces with delays. */
export type Split = 'whole' | 'bytes' | 'random';

export interface ScriptedRequest {
  /** 1-based id of the server-side socket it arrived on. */
  socket: number;
  /** 0-based index of the request on that socket. */
  index: number;
  /** 0-based index over the whole server. */
  seq: number;
  /** The request head as received (latin1), up to and including the blank line. */
  head: string;
  method: string;
  target: string;
  /** Header pairs in wire order, names as sent. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface Reply {
  bytes: string | Buffer;
  split?: Split;
  /** Offsets to cut the bytes at (each piece its own write), instead of `split`. */
  cuts?: number[];
  /** What the server does once the bytes are written: nothing (default), FIN, or RST. */
  after?: 'keep' | 'end' | 'reset';
}

/** Answers one request; `null` never answers (the request hangs). */
export type Script = (request: ScriptedRequest) => Reply | null;

export interface SocketLog {
  id: number;
  socket: Socket;
  remoteAddress: string;
  /** Every byte the client wrote, in order. */
  received: Buffer[];
  /** The client half-closed (FIN) or the socket is gone. */
  clientEnded: boolean;
  closed: boolean;
  openedAt: number;
  /** Date.now() when the client's FIN (or the close) was seen. */
  endedAt: number | null;
}

export interface ScriptedServer {
  origin: string;
  port: number;
  requests: ScriptedRequest[];
  sockets: SocketLog[];
  script: Script;
  /** Stops listening (new connects are refused) and leaves open sockets alone. */
  unlisten(): Promise<void>;
  close(): Promise<void>;
}

export interface ScriptedServerOptions {
  /** Serve TLS with the fixture key and certificate of test-data/tls. */
  tls?: boolean;
  host?: string;
}

const TLS_DIR = new URL('../../../../test-data/tls/', import.meta.url);

export function tlsFixture(): { key: Buffer; cert: Buffer } {
  return { key: readFileSync(new URL('key.pem', TLS_DIR)), cert: readFileSync(new URL('cert.pem', TLS_DIR)) };
}

export async function startScriptedServer(
  script: Script,
  options: ScriptedServerOptions = {},
): Promise<ScriptedServer> {
  const host = options.host ?? '127.0.0.1';
  const state: ScriptedServer = {
    origin: '',
    port: 0,
    requests: [],
    sockets: [],
    script,
    unlisten: async () => {},
    close: async () => {},
  };
  const onSocket = (socket: Socket): void => {
    socket.setNoDelay(true);
    const log: SocketLog = {
      id: state.sockets.length + 1,
      socket,
      remoteAddress: socket.remoteAddress ?? '',
      received: [],
      clientEnded: false,
      closed: false,
      openedAt: Date.now(),
      endedAt: null,
    };
    state.sockets.push(log);
    let pending = Buffer.alloc(0);
    let index = 0;
    socket.on('data', (chunk: Buffer) => {
      log.received.push(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const request = takeRequest(pending);
        if (request === null) return;
        pending = pending.subarray(request.length);
        const seen: ScriptedRequest = {
          ...request.parsed,
          socket: log.id,
          index: index++,
          seq: state.requests.length,
        };
        state.requests.push(seen);
        const reply = state.script(seen);
        if (reply !== null) void send(socket, reply);
      }
    });
    const ended = (): void => {
      log.clientEnded = true;
      log.endedAt ??= Date.now();
    };
    socket.on('end', ended);
    socket.on('close', () => {
      ended();
      log.closed = true;
    });
    // the client may reset: that is what some tests provoke
    socket.on('error', () => {});
  };
  const server: Server = options.tls
    ? createTlsServer(tlsFixture(), onSocket)
    : createServer({ allowHalfOpen: false }, onSocket);
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  state.port = port;
  state.origin = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  let listening = true;
  // close() refuses new connects at once; its callback waits for open sockets, which tests keep
  state.unlisten = () => {
    if (listening) server.close();
    listening = false;
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
  state.close = async () => {
    for (const log of state.sockets) log.socket.destroy();
    await state.unlisten();
  };
  return state;
}

function takeRequest(
  buffer: Buffer,
): { length: number; parsed: Omit<ScriptedRequest, 'socket' | 'index' | 'seq'> } | null {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buffer.toString('latin1', 0, end + 4);
  const lines = head.slice(0, -4).split('\r\n');
  const [method, target] = lines[0].split(' ');
  const headers: Array<[string, string]> = lines.slice(1).map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const contentLength = headers.find(([name]) => name.toLowerCase() === 'content-length');
  const bodyLength = contentLength ? Number(contentLength[1]) : 0;
  if (buffer.length < end + 4 + bodyLength) return null;
  const body = Buffer.from(buffer.subarray(end + 4, end + 4 + bodyLength));
  return { length: end + 4 + bodyLength, parsed: { head, method, target, headers, body } };
}

async function send(socket: Socket, reply: Reply): Promise<void> {
  const bytes = typeof reply.bytes === 'string' ? Buffer.from(reply.bytes, 'latin1') : reply.bytes;
  const pieces = reply.cuts ? cutAt(bytes, reply.cuts) : cut(bytes, reply.split ?? 'whole');
  for (const piece of pieces) {
    if (socket.destroyed) return;
    socket.write(piece.bytes);
    // a pause per piece so each lands in its own read on the client
    if (piece.delayMs > 0) await sleep(piece.delayMs);
    else if (reply.split === 'bytes' || reply.cuts) await new Promise((resolve) => setImmediate(resolve));
  }
  if (reply.after === 'end') socket.end();
  else if (reply.after === 'reset') socket.resetAndDestroy();
}

function cutAt(bytes: Buffer, cuts: number[]): Array<{ bytes: Buffer; delayMs: number }> {
  const points = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const pieces: Array<{ bytes: Buffer; delayMs: number }> = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    pieces.push({ bytes: bytes.subarray(from, to), delayMs: 0 });
    from = to;
  }
  return pieces;
}

function cut(bytes: Buffer, split: Split): Array<{ bytes: Buffer; delayMs: number }> {
  if (split === 'whole') return [{ bytes, delayMs: 0 }];
  if (split === 'bytes') return [...bytes].map((_, i) => ({ bytes: bytes.subarray(i, i + 1), delayMs: 0 }));
  // seeded from the bytes themselves so a failure replays identically
  let seed = bytes.length * 2654435761;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 0x100000000;
  };
  const pieces: Array<{ bytes: Buffer; delayMs: number }> = [];
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(random() * 24);
    pieces.push({ bytes: bytes.subarray(at, at + size), delayMs: random() < 0.3 ? 1 : 0 });
    at += size;
  }
  return pieces;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `condition` holds; throws after `timeoutMs` naming what was awaited. */
export async function until(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** What one dispatch delivered to its handler, in a form tests compare as data. */
export interface Recorded {
  /** Callback names in call order ('connect', 'headers', 'data', 'complete', 'error'). */
  events: string[];
  /** Status of every onHeaders call (1xx included, if the client reports them). */
  statuses: number[];
  status: number | null;
  statusText: string | null;
  /** The final response's raw header pairs as latin1 strings, flat. */
  headers: string[];
  body: Buffer;
  trailers: string[] | null;
  error: (Error & { code?: unknown }) | null;
  /** Broken handler contract: callbacks out of order or after the end. */
  violations: string[];
}

export interface Recorder {
  handler: RawResponseHandler;
  recorded: Recorded;
  /** Resolves at the first onComplete/onError. */
  done: Promise<Recorded>;
  /** The abort function given to onConnect, once it was called. */
  abort: ((error?: Error) => void) | null;
}

export function record(): Recorder {
  const recorded: Recorded = {
    events: [],
    statuses: [],
    status: null,
    statusText: null,
    headers: [],
    body: Buffer.alloc(0),
    trailers: null,
    error: null,
    violations: [],
  };
  const chunks: Buffer[] = [];
  let finish: (value: Recorded) => void = () => {};
  const done = new Promise<Recorded>((resolve) => {
    finish = resolve;
  });
  const ended = (): boolean => recorded.events.includes('complete') || recorded.events.includes('error');
  const note = (event: string): void => {
    if (ended()) recorded.violations.push(`${event} after the end`);
    recorded.events.push(event);
  };
  const recorder: Recorder = {
    recorded,
    done,
    abort: null,
    handler: {
      onConnect(abort) {
        note('connect');
        recorder.abort = abort;
      },
      onHeaders(statusCode, rawHeaders, _resume, statusText) {
        note('headers');
        recorded.statuses.push(statusCode);
        if (statusCode >= 200) {
          if (recorded.status !== null) recorded.violations.push('a second final response');
          recorded.status = statusCode;
          recorded.statusText = statusText;
          recorded.headers = rawHeaders.map(latin1);
        }
        return true;
      },
      onData(chunk) {
        note('data');
        if (recorded.status === null) recorded.violations.push('data before a final response');
        // copied: a client may reuse the buffer it lent
        chunks.push(Buffer.from(chunk));
        return true;
      },
      onComplete(trailers) {
        note('complete');
        recorded.body = Buffer.concat(chunks);
        recorded.trailers = trailers === null ? null : trailers.map(latin1);
        finish(recorded);
      },
      onError(error) {
        note('error');
        recorded.body = Buffer.concat(chunks);
        recorded.error = error;
        finish(recorded);
      },
    },
  };
  return recorder;
}

function latin1(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('latin1');
}
