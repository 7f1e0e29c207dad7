import net from 'node:net';
import tls from 'node:tls';
import { requestHead } from './request-head';
import { type ResponseEvents, ResponseParser } from './response-parser';
import { type ConnectionRequest, codedError, type RawResponseHandler } from './types';

export interface Http1ConnectionOptions {
  /** 'http://host:port' or 'https://host:port'. */
  origin: string;
  /** Source address to bind. */
  localAddress?: string;
  connectTimeoutMs: number;
  /** Idle close, default 30 000; capped by a response's `Keep-Alive: timeout=N` (as undici does). */
  keepAliveTimeoutMs?: number;
  /** Status line + header section, default 16 KiB. */
  maxHeaderBytes?: number;
  /** TLS, default true. */
  rejectUnauthorized?: boolean;
}

const DEFAULT_KEEP_ALIVE_MS = 30_000;
/**
 * Close an idle socket well before the server's announced idle timeout, or a request written as the
 * server closes meets a reset: undici's 2 s margin, but for hints under 4 s half the hint (undici
 * would reach zero and never reuse the socket).
 */
const KEEP_ALIVE_MARGIN_MS = 2000;

export function idleTimeoutFor(hintS: number, configuredMs: number): number {
  if (hintS < 0) return configuredMs;
  const hintMs = hintS * 1000;
  return Math.min(
    configuredMs,
    hintMs >= 2 * KEEP_ALIVE_MARGIN_MS ? hintMs - KEEP_ALIVE_MARGIN_MS : hintMs / 2,
  );
}

/**
 * Plain TCP sockets read into this one buffer (net's `onread`), shared by every connection: reads
 * are handled synchronously, so nothing else is using it meanwhile. It spares an ArrayBuffer per
 * read (and the GC work that follows) and the Readable stream machinery; the price is that body
 * bytes must be copied before a handler may keep them.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

const OPEN = 0;
const CLOSING = 1;
const CLOSED = 2;

function noop(): void {}

/**
 * pacer's keep-alive HTTP/1.1 client connection: one socket (opened lazily, replaced when it
 * closes), one request at a time, undici's raw handler callbacks. It exists to be cheap per
 * request: the head is one latin1 string and one write, a response is parsed in place (see
 * response-parser.ts), and a freed connection takes its next request at once. undici validates an
 * idle socket with a setImmediate before reusing it; here any byte that arrives while no request is
 * in flight, or beyond the end of a response, destroys the socket instead (response desync,
 * GHSA-35p6-xmwp-9g52), so a stale response can never be read as the answer to a later request.
 */
export class Http1Connection implements ResponseEvents {
  private socket: net.Socket | null = null;
  private handler: RawResponseHandler | null = null;
  /** The in-flight request reached the socket: aborting it now means the socket is spoilt. */
  private written = false;
  private refed = false;
  private state = OPEN;
  private closeWaiters: Array<() => void> = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private idleTimerMs = 0;
  private readonly parser: ResponseParser;
  private readonly tls: boolean;
  private readonly host: string;
  private readonly port: number;
  private readonly hostLine: string;
  private readonly keepAliveMs: number;
  /**
   * One abort function for the connection's life, not a closure per request: it acts on whatever
   * request is in flight, so a handler must not call it once its own request has settled (the
   * engine's Exchange never does: it aborts only while unsettled).
   */
  private readonly abortInFlight = (error?: Error): void => this.abort(error);
  private readonly onIdleTimeout = (): void => {
    if (this.handler === null) this.dropSocket();
  };

  constructor(private readonly options: Http1ConnectionOptions) {
    const url = new URL(options.origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw codedError('ERR_INVALID_ARG_VALUE', `origin must be http(s): ${options.origin}`);
    this.tls = url.protocol === 'https:';
    this.host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    this.port = url.port === '' ? (this.tls ? 443 : 80) : Number(url.port);
    this.hostLine = `host: ${url.host}\r\n`;
    this.keepAliveMs = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_MS;
    this.parser = new ResponseParser({ maxHeaderBytes: options.maxHeaderBytes ?? 16 * 1024 }, this);
  }

  /** Sends one request; throws for a request that cannot be serialised, or while one is in flight. */
  dispatch(request: ConnectionRequest, handler: RawResponseHandler): boolean {
    if (this.state !== OPEN) {
      handler.onError(codedError('UND_ERR_CLOSED', 'connection closed'));
      return false;
    }
    if (this.handler !== null) throw new Error('Http1Connection: a request is already in flight');
    const body = request.body ?? null;
    const head = requestHead(
      request.method,
      request.path,
      request.headers,
      this.hostLine,
      body === null ? -1 : Buffer.byteLength(body, 'utf8'),
    );
    this.handler = handler;
    this.written = false;
    this.parser.expect(request.method);
    try {
      handler.onConnect(this.abortInFlight);
    } catch (error) {
      // nothing was sent: the dispatch fails as a whole, and must not leave the connection busy
      if (this.handler === handler) {
        this.handler = null;
        this.parser.reset();
      }
      throw error;
    }
    // aborted from onConnect: already settled through onError, nothing was sent
    if (this.handler !== handler) return true;
    let socket = this.socket;
    if (socket === null) socket = this.connect();
    else if (!this.refed) {
      socket.ref();
      this.refed = true;
    }
    this.written = true;
    if (body === null) socket.write(head, 'latin1');
    else {
      socket.cork();
      socket.write(head, 'latin1');
      socket.write(body, 'utf8');
      socket.uncork();
    }
    return true;
  }

  /** Lets a request in flight finish, then closes; later dispatches fail. */
  close(): Promise<void> {
    if (this.state === CLOSED) return Promise.resolve();
    this.state = CLOSING;
    if (this.handler === null) {
      this.shut();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  /** Closes now: a request in flight gets onError. */
  destroy(): Promise<void> {
    this.state = CLOSED;
    const handler = this.handler;
    this.handler = null;
    this.parser.reset();
    this.shut();
    if (handler !== null) settleWith(handler, codedError('UND_ERR_DESTROYED', 'connection destroyed'));
    return Promise.resolve();
  }

  // --- parser events -------------------------------------------------------------------------

  onResponseHead(statusCode: number, statusText: string, rawHeaders: string[]): void {
    this.handler!.onHeaders(statusCode, rawHeaders, noop, statusText);
  }

  onResponseBody(chunk: Buffer): void {
    // a view of the shared read buffer would be overwritten by the next read
    this.handler!.onData(this.tls ? chunk : Buffer.from(chunk));
  }

  onResponseComplete(trailers: string[] | null, unconsumed: number): void {
    const handler = this.handler!;
    this.handler = null;
    // bytes beyond the response: the server and this client disagree on framing, trust neither
    if (unconsumed > 0 || !this.parser.keepAlive) this.dropSocket();
    else if (this.state === OPEN) this.idle();
    if (this.state === CLOSING) this.shut();
    try {
      handler.onComplete(trailers);
    } catch (error) {
      // not through the parser's caller: that would fail the request onComplete may have dispatched
      rethrowLater(error);
    }
  }

  // --- socket ----------------------------------------------------------------------------------

  private connect(): net.Socket {
    const o = this.options;
    const socket: net.Socket = this.tls
      ? tls.connect({
          host: this.host,
          port: this.port,
          ...(net.isIP(this.host) === 0 ? { servername: this.host } : {}),
          ALPNProtocols: ['http/1.1'],
          rejectUnauthorized: o.rejectUnauthorized ?? true,
          ...(o.localAddress ? { localAddress: o.localAddress } : {}),
        })
      : net.connect({
          host: this.host,
          port: this.port,
          ...(o.localAddress ? { localAddress: o.localAddress } : {}),
          noDelay: true,
          onread: {
            buffer: READ_BUFFER,
            callback: (nread: number, buffer: Uint8Array): boolean => {
              if (socket === this.socket) this.onData((buffer as Buffer).subarray(0, nread));
              return true;
            },
          },
        });
    // tls.connect has no noDelay option; the TLS socket forwards it to the TCP one
    if (this.tls) socket.setNoDelay(true);
    this.socket = socket;
    this.refed = true;
    // one set of listeners per socket; events of a replaced socket are ignored
    const timer = setTimeout(() => {
      const where = `${this.host}:${this.port}`;
      socket.destroy(
        codedError('ETIMEDOUT', `connect ETIMEDOUT ${where} (connect timeout ${o.connectTimeoutMs} ms)`),
      );
    }, o.connectTimeoutMs);
    timer.unref();
    socket.once(this.tls ? 'secureConnect' : 'connect', () => clearTimeout(timer));
    if (this.tls)
      socket.on('data', (chunk: Buffer) => {
        if (socket === this.socket) this.onData(chunk);
      });
    socket.on('end', () => {
      if (socket === this.socket) this.onEnd();
    });
    socket.on('error', (error: Error) => {
      if (socket === this.socket) this.fail(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (socket === this.socket) this.onEnd();
    });
    return socket;
  }

  private onData(chunk: Buffer): void {
    if (this.handler === null) {
      // unsolicited bytes: a late or extra response (desync); nobody to tell
      this.dropSocket();
      return;
    }
    try {
      this.parser.push(chunk);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /** The peer closed (FIN or close): completes a close-delimited body, else fails the request. */
  private onEnd(): void {
    if (this.handler === null) {
      this.dropSocket();
      return;
    }
    try {
      this.parser.end();
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /** Fails the request in flight (if any) and drops the socket. */
  private fail(error: Error): void {
    const handler = this.handler;
    this.handler = null;
    this.parser.reset();
    this.dropSocket();
    if (this.state === CLOSING) this.shut();
    // (a socket error while idle has nobody to tell)
    if (handler !== null) settleWith(handler, error);
  }

  private abort(error?: Error): void {
    const handler = this.handler;
    if (handler === null) return;
    this.handler = null;
    this.parser.reset();
    // a request on the wire would leave its response to the next one
    if (this.written) this.dropSocket();
    if (this.state === CLOSING) this.shut();
    settleWith(handler, error ?? codedError('UND_ERR_ABORTED', 'request aborted'));
  }

  private idle(): void {
    const socket = this.socket!;
    socket.unref();
    this.refed = false;
    const ms = idleTimeoutFor(this.parser.keepAliveTimeoutS, this.keepAliveMs);
    // one timer per connection, re-armed per idle period; it checks for a request in flight itself
    if (this.idleTimer !== null && this.idleTimerMs === ms) this.idleTimer.refresh();
    else {
      if (this.idleTimer !== null) clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(this.onIdleTimeout, ms);
      this.idleTimer.unref();
      this.idleTimerMs = ms;
    }
  }

  private dropSocket(): void {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    this.refed = false;
    socket.destroy();
  }

  private shut(): void {
    this.state = CLOSED;
    this.dropSocket();
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const waiters = this.closeWaiters;
    this.closeWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** onError, called once the connection's own state is final (so a throwing handler cannot undo it). */
function settleWith(handler: RawResponseHandler, error: Error): void {
  try {
    handler.onError(error);
  } catch (thrown) {
    rethrowLater(thrown);
  }
}

/**
 * An exception from a handler's last callback belongs to no request the connection could fail:
 * it is rethrown on its own (an uncaught exception, as from any event listener) instead of being
 * swallowed, charged to the next request, or unwinding through a socket callback or destroy().
 */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
