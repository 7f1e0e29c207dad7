/** One request on an Http1Connection: the subset of undici's DispatchOptions the engine sets. */
export interface ConnectionRequest {
  /** Path and query, starting with '/'. */
  path: string;
  /** Upper-case token. */
  method: string;
  /** Flat [name, value, name, value, ...]. */
  headers: readonly string[];
  /** utf8; the connection computes content-length. */
  body: string | null;
}

/**
 * undici's raw handler callbacks, so one handler (src/engine/exchange.ts) serves undici's Client and
 * Http1Connection alike. Raw header names and values are latin1 strings here (undici gives Buffers):
 * decoding the head once as latin1 and slicing it is cheaper than a Buffer per name and value, and
 * raw-headers.ts reads either.
 *
 * Http1Connection and a callback that throws: from onConnect, dispatch throws it (nothing was
 * sent); from onHeaders or onData, the request fails with it (onError); from onComplete or
 * onError, it is rethrown in a microtask, since no request is left to charge it to.
 */
export interface RawResponseHandler {
  /** Before the request is written; `abort` acts on the request in flight. */
  onConnect(abort: (error?: Error) => void): void;
  /** The final (>= 200) response only: 1xx interim responses are skipped. */
  onHeaders(
    statusCode: number,
    rawHeaders: Array<Buffer | string>,
    resume: () => void,
    statusText: string,
  ): boolean;
  /** Body bytes, de-chunked; the Buffer may be a view of a larger socket read. */
  onData(chunk: Buffer): boolean;
  /** Flat [name, value, ...] trailers of a chunked body (possibly empty), else null. */
  onComplete(trailers: string[] | null): void;
  /** Exactly one of onComplete/onError per dispatch. */
  onError(error: Error): void;
}

/** An Error with the string code the engine's errorCode() reads. */
export type CodedError = Error & { code: string };

export function codedError(code: string, message: string): CodedError {
  return Object.assign(new Error(message), { code });
}
