import { codedError } from './types';

/**
 * What the parser reports, as methods of one long-lived object (the connection) rather than
 * callbacks per response.
 */
export interface ResponseEvents {
  /** The final response's head; 1xx interim responses are consumed silently. */
  onResponseHead(statusCode: number, statusText: string, rawHeaders: string[]): void;
  /** Body bytes, de-chunked: views of the pushed chunk, never copies. */
  onResponseBody(chunk: Buffer): void;
  /**
   * The response is complete. `unconsumed` bytes of the chunk being pushed follow it: the parser
   * does not look at them (no pipelining), the connection decides (they mean a desync).
   */
  onResponseComplete(trailers: string[] | null, unconsumed: number): void;
}

export interface ResponseParserOptions {
  /** Limit for the status line plus header section, and for a trailer section. */
  maxHeaderBytes: number;
}

export type BodyKind = 'none' | 'length' | 'chunked' | 'close';

// parser states (plain numbers: compared on every byte of a chunked body)
const IDLE: number = 0;
const HEAD = 1;
const BODY_LENGTH = 2;
const BODY_CLOSE = 3;
const CHUNK_SIZE = 4;
const CHUNK_EXT_BWS = 5;
const CHUNK_EXT = 6;
const CHUNK_SIZE_LF = 7;
const CHUNK_DATA = 8;
const CHUNK_DATA_CR = 9;
const CHUNK_DATA_LF = 10;
const TRAILERS = 11;

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');
/**
 * A chunk size at or above this before its next hex digit would pass 2^52 (13 significant digits):
 * refused, not rounded. Leading zeros are legal and do not count (llhttp takes them too).
 */
const MAX_CHUNK_SIZE_BEFORE_DIGIT = 2 ** 48;
/** Significant digits of a content-length: 15 stay below 2^53, so the value is exact. */
const MAX_LENGTH_DIGITS = 15;

/** RFC 9110 tchar. */
const TOKEN = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  TOKEN[c.charCodeAt(0)] = 1;
/** Hex digit value + 1 (0: not a hex digit). */
const HEX = new Uint8Array(256);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i + 1;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i + 1;
}

/**
 * An incremental HTTP/1.x response parser (RFC 9112) for one keep-alive connection without
 * pipelining. Input may be split at any byte: only an unfinished head (or trailer section) is kept
 * between pushes; body bytes go out as views of the pushed chunk. The head is decoded once as
 * latin1 and scanned by char code, so header names and values are latin1 string slices.
 *
 * Errors are thrown as Errors with llhttp's codes (HPE_*); after one, the parser must be `reset`.
 */
export class ResponseParser {
  /** Of the current response, valid from its head on: may the connection carry another request? */
  keepAlive = false;
  /** `Keep-Alive: timeout=N` of the current response, seconds; -1 when absent. */
  keepAliveTimeoutS = -1;
  bodyKind: BodyKind = 'none';

  private state = IDLE;
  private headRequest = false;
  /** An unfinished head or trailer section, copied out of its chunk. */
  private partial: Buffer | null = null;
  /** Body bytes still expected (content-length), or of the current chunk. */
  private remaining = 0;
  private sizeDigits = 0;
  private extBytes = 0;
  /** Bytes of the unfinished section already validated (whole lines), and scanned for CR/LF. */
  private checked = 0;
  private scanned = 0;
  /** The framing headers among the validated lines, so a later conflict is found as it arrives. */
  private pendingFraming: Framing | null = null;
  /** Bumped by reset(): a push loop stops once a callback reset or re-armed the parser. */
  private generation = 0;
  private readonly maxHeaderBytes: number;

  constructor(
    options: ResponseParserOptions,
    private readonly events: ResponseEvents,
  ) {
    this.maxHeaderBytes = options.maxHeaderBytes;
  }

  /** Arms the parser for the response to a request with this method (HEAD: no body). */
  expect(method: string): void {
    this.generation++;
    this.state = HEAD;
    this.headRequest = method === 'HEAD';
    this.partial = null;
    this.checked = 0;
    this.scanned = 0;
  }

  /** Forgets any response in progress; pushes are then unexpected until the next `expect`. */
  reset(): void {
    this.generation++;
    this.state = IDLE;
    this.partial = null;
    this.checked = 0;
    this.scanned = 0;
  }

  /** True while a response is expected or in progress. */
  get busy(): boolean {
    return this.state !== IDLE;
  }

  push(chunk: Buffer): void {
    const gen = this.generation;
    let buf = chunk;
    let pos = 0;
    while (pos < buf.length) {
      switch (this.state) {
        case IDLE:
          throw codedError('HPE_UNEXPECTED_DATA', 'data from the server while no response is expected');
        case HEAD: {
          let start = pos;
          let searchFrom = pos;
          if (this.partial !== null) {
            searchFrom = Math.max(0, this.partial.length - 3);
            buf = this.joinPartial(buf, pos);
            start = 0;
          }
          const end = buf.indexOf(CRLFCRLF, searchFrom);
          if (end === -1) {
            this.checkLines(buf, start, buf.length, true);
            this.keepPartial(buf, start);
            return;
          }
          if (end + 2 - start > this.maxHeaderBytes) throw overflow();
          pos = end + 4;
          let interim: boolean;
          try {
            interim = this.parseHead(buf.toString('latin1', start, end + 2));
          } catch (error) {
            // the error the head would have met arriving line by line: the same however split
            this.recheck(buf, start, end + 2, true);
            throw error;
          }
          this.checked = 0;
          this.scanned = 0;
          if (this.generation !== gen) return;
          if (interim) continue;
          if (this.state === IDLE) {
            this.events.onResponseComplete(null, buf.length - pos);
            return;
          }
          break;
        }
        case BODY_LENGTH: {
          const n = Math.min(this.remaining, buf.length - pos);
          this.remaining -= n;
          const from = pos;
          pos += n;
          if (this.remaining === 0) this.state = IDLE;
          this.events.onResponseBody(buf.subarray(from, pos));
          if (this.generation !== gen) return;
          if (this.state === IDLE) {
            this.events.onResponseComplete(null, buf.length - pos);
            return;
          }
          break;
        }
        case BODY_CLOSE:
          this.events.onResponseBody(pos === 0 ? buf : buf.subarray(pos));
          return;
        case CHUNK_DATA: {
          const n = Math.min(this.remaining, buf.length - pos);
          this.remaining -= n;
          const from = pos;
          pos += n;
          if (this.remaining === 0) this.state = CHUNK_DATA_CR;
          this.events.onResponseBody(buf.subarray(from, pos));
          if (this.generation !== gen) return;
          break;
        }
        case TRAILERS: {
          let start = pos;
          let searchFrom = pos;
          if (this.partial !== null) {
            searchFrom = Math.max(0, this.partial.length - 3);
            buf = this.joinPartial(buf, pos);
            start = 0;
          }
          if (buf.length - start < 2) {
            this.keepPartial(buf, start);
            return;
          }
          let end: number;
          // no trailers (the common case): the last chunk is followed by an empty line at once
          if (buf[start] === CR && buf[start + 1] === LF) end = start - 2;
          else {
            end = buf.indexOf(CRLFCRLF, searchFrom);
            if (end === -1) {
              this.checkLines(buf, start, buf.length, false);
              this.keepPartial(buf, start);
              return;
            }
          }
          if (end + 2 - start > this.maxHeaderBytes) throw overflow();
          pos = end + 4;
          const trailers: string[] = [];
          // trailers never change framing (the body has ended): their names are not interpreted
          if (end > start) {
            try {
              parseFieldLines(buf.toString('latin1', start, end + 2), 0, trailers, null);
            } catch (error) {
              this.recheck(buf, start, end + 2, false);
              throw error;
            }
          }
          this.checked = 0;
          this.scanned = 0;
          this.state = IDLE;
          this.events.onResponseComplete(trailers, buf.length - pos);
          return;
        }
        default:
          pos = this.chunkFraming(buf, pos);
      }
    }
  }

  /**
   * End of input. Completes a close-delimited body; throws (code ECONNRESET, as undici's "other
   * side closed") when a response was expected or unfinished; nothing when idle.
   */
  end(): void {
    if (this.state === BODY_CLOSE) {
      this.state = IDLE;
      this.events.onResponseComplete(null, 0);
    } else if (this.state !== IDLE) {
      throw codedError('ECONNRESET', 'other side closed');
    }
  }

  /** Chunk size lines and the CRLF after chunk data, byte by byte (they are a few bytes). */
  private chunkFraming(buf: Buffer, from: number): number {
    let pos = from;
    while (pos < buf.length) {
      const c = buf[pos];
      switch (this.state) {
        case CHUNK_SIZE: {
          const hex = HEX[c];
          if (hex !== 0) {
            if (this.remaining >= MAX_CHUNK_SIZE_BEFORE_DIGIT) throw badChunk('chunk size too large');
            this.sizeDigits++;
            this.remaining = this.remaining * 16 + hex - 1;
          } else if (this.sizeDigits === 0) throw badChunk('chunk size is not hex');
          else if (c === CR) this.state = CHUNK_SIZE_LF;
          else if (c === 59 /* ; */) this.state = CHUNK_EXT;
          else if (c === SP || c === HT) this.state = CHUNK_EXT_BWS;
          else throw badChunk('invalid character after the chunk size');
          break;
        }
        case CHUNK_EXT_BWS:
          if (c === 59) this.state = CHUNK_EXT;
          else if (c !== SP && c !== HT) throw badChunk('invalid character after the chunk size');
          break;
        case CHUNK_EXT:
          // extensions are ignored, but bounded and free of control bytes
          if (c === CR) this.state = CHUNK_SIZE_LF;
          else if ((c < SP && c !== HT) || c === 127)
            throw badChunk('control character in a chunk extension');
          else if (++this.extBytes > this.maxHeaderBytes) throw badChunk('chunk extension too long');
          break;
        case CHUNK_SIZE_LF:
          if (c !== LF) throw badChunk('expected LF after the chunk size');
          this.extBytes = 0;
          if (this.remaining === 0) {
            this.state = TRAILERS;
            return pos + 1;
          }
          this.state = CHUNK_DATA;
          return pos + 1;
        case CHUNK_DATA_CR:
          if (c !== CR) throw badChunk('expected CRLF after chunk data');
          this.state = CHUNK_DATA_LF;
          break;
        case CHUNK_DATA_LF:
          if (c !== LF) throw badChunk('expected CRLF after chunk data');
          this.state = CHUNK_SIZE;
          this.remaining = 0;
          this.sizeDigits = 0;
          break;
        default:
          return pos;
      }
      pos++;
    }
    return pos;
  }

  /**
   * Validates an unfinished section line by line as its lines complete (each once), so a broken
   * head fails when its bad line arrives, as in llhttp, and not only when the section ends: a
   * server that sends garbage and then waits would otherwise cost the request its whole timeout.
   * Bytes of [start + checked, to) are looked at; line endings first, then each complete line.
   */
  private checkLines(buf: Buffer, start: number, to: number, head: boolean): void {
    let from = start + this.checked;
    if (this.checked === 0) {
      this.pendingFraming = head ? newFraming() : null;
      // a status line's first bytes can be refused before its end (and before anything else)
      const n = Math.min(to - start, 5);
      if (head && buf.toString('latin1', start, start + n) !== 'HTTP/'.slice(0, n))
        throw codedError('HPE_INVALID_CONSTANT', 'expected HTTP/ at the start of the response');
    }
    for (;;) {
      const eol = buf.indexOf(CRLF, from);
      if (eol === -1 || eol + 2 > to) break;
      checkLineEnds(buf, start, Math.max(from, start + this.scanned), eol + 2);
      const line = buf.toString('latin1', from, eol + 2);
      if (head && from === start) parseStatusLine(line);
      else parseFieldLines(line, 0, [], this.pendingFraming);
      from = eol + 2;
      this.checked = from - start;
      this.scanned = Math.max(this.scanned, this.checked);
    }
    // the unfinished line's line endings
    checkLineEnds(buf, start, Math.max(from, start + this.scanned), to);
    this.scanned = to - start;
  }

  /** A complete section failed to parse: finds the error it meets when read line by line. */
  private recheck(buf: Buffer, start: number, to: number, head: boolean): void {
    this.checked = 0;
    this.scanned = 0;
    this.checkLines(buf, start, to, head);
  }

  /** The kept unfinished section followed by the new bytes (only when a head was split). */
  private joinPartial(chunk: Buffer, pos: number): Buffer {
    const partial = this.partial!;
    this.partial = null;
    return Buffer.concat([partial, pos === 0 ? chunk : chunk.subarray(pos)]);
  }

  /** Keeps an unfinished section; searching resumes 3 bytes before its end (a split CRLFCRLF). */
  private keepPartial(buf: Buffer, start: number): void {
    // a section within the limit may be followed by its CRLF and one more CR before it is known
    if (buf.length - start > this.maxHeaderBytes + 1) throw overflow();
    // a copy: the socket's chunk is not ours to pin, and a head is small
    this.partial = Buffer.from(buf.subarray(start));
  }

  /**
   * Parses one head (status line + field lines, each ending in CRLF); returns true for an interim
   * (1xx) response, which is skipped, else sets up the body and reports the head.
   */
  private parseHead(s: string): boolean {
    const { minor, status, statusText, eol } = parseStatusLine(s);
    const raw: string[] = [];
    const framing = newFraming();
    parseFieldLines(s, eol + 2, raw, framing);
    if (status < 200) {
      if (status === 101)
        throw codedError(
          'HPE_UNEXPECTED_UPGRADE',
          'unexpected 101 Switching Protocols: no upgrade was requested',
        );
      return true;
    }
    this.setUpBody(status, minor, framing);
    this.events.onResponseHead(status, statusText, raw);
    return false;
  }

  private setUpBody(status: number, minor: number, f: Framing): void {
    let keepAlive = minor === 1 ? !f.close : f.keepAlive && !f.close;
    // TE wins over CL (RFC 9112 6.3); a message with both is suspect, so it is the last one here
    if (f.transferEncoding !== null && f.contentLength >= 0) keepAlive = false;
    if (this.headRequest || status === 204 || status === 304) {
      this.bodyKind = 'none';
      this.state = IDLE;
    } else if (f.transferEncoding !== null) {
      if (f.chunked) {
        this.bodyKind = 'chunked';
        this.state = CHUNK_SIZE;
        this.remaining = 0;
        this.sizeDigits = 0;
        this.extBytes = 0;
      } else {
        this.bodyKind = 'close';
        this.state = BODY_CLOSE;
      }
    } else if (f.contentLength >= 0) {
      this.bodyKind = f.contentLength === 0 ? 'none' : 'length';
      this.remaining = f.contentLength;
      this.state = f.contentLength === 0 ? IDLE : BODY_LENGTH;
    } else {
      this.bodyKind = 'close';
      this.state = BODY_CLOSE;
    }
    if (this.state === BODY_CLOSE) keepAlive = false;
    this.keepAlive = keepAlive;
    this.keepAliveTimeoutS = f.keepAliveTimeoutS;
  }
}

/** What the framing headers of one head say. */
interface Framing {
  contentLength: number;
  transferEncoding: string | null;
  chunked: boolean;
  close: boolean;
  keepAlive: boolean;
  keepAliveTimeoutS: number;
}

interface StatusLine {
  minor: number;
  status: number;
  statusText: string;
  /** Index of the CRLF that ends it. */
  eol: number;
}

/** status-line = HTTP-version SP status-code SP [ reason-phrase ], from the start of `s`. */
function parseStatusLine(s: string): StatusLine {
  if (!s.startsWith('HTTP/'))
    throw codedError('HPE_INVALID_CONSTANT', 'expected HTTP/ at the start of the response');
  const minor = s.charCodeAt(7) - 48;
  if (s.charCodeAt(5) !== 49 || s.charCodeAt(6) !== 46 || (minor !== 0 && minor !== 1))
    throw codedError('HPE_INVALID_VERSION', 'unsupported HTTP version');
  if (s.charCodeAt(8) !== SP)
    throw codedError('HPE_INVALID_VERSION', 'expected a space after the HTTP version');
  let i = 9;
  let status = 0;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    status = status * 10 + d;
  }
  if (i !== 12 || status < 100) throw codedError('HPE_INVALID_STATUS', 'invalid status code');
  const eol = s.indexOf('\r\n', i);
  let statusText = '';
  if (i !== eol) {
    if (s.charCodeAt(i) !== SP)
      throw codedError('HPE_INVALID_STATUS', 'expected a space after the status code');
    for (let k = i + 1; k < eol; k++) {
      const c = s.charCodeAt(k);
      if ((c < SP && c !== HT) || c === 127)
        throw codedError('HPE_INVALID_STATUS', 'control character in the reason phrase');
    }
    statusText = s.slice(i + 1, eol);
  }
  return { minor, status, statusText, eol };
}

function newFraming(): Framing {
  return {
    contentLength: -1,
    transferEncoding: null,
    chunked: false,
    close: false,
    keepAlive: false,
    keepAliveTimeoutS: -1,
  };
}

/**
 * Parses `name: OWS value OWS CRLF` lines from `from` to the end of `s` into raw [name, value...],
 * reading the framing they carry into `f` (null: none, for trailers). Only the few framing names
 * are ever compared, by length first; obs-fold and control characters are refused.
 */
function parseFieldLines(s: string, from: number, raw: string[], f: Framing | null): void {
  let i = from;
  while (i < s.length) {
    const eol = s.indexOf('\r\n', i);
    let j = i;
    while (j < eol && TOKEN[s.charCodeAt(j)] === 1) j++;
    if (j === i || s.charCodeAt(j) !== 58 /* : */)
      throw codedError('HPE_INVALID_HEADER_TOKEN', 'invalid header name (or obs-fold)');
    let a = j + 1;
    let b = eol;
    while (a < b && isOws(s.charCodeAt(a))) a++;
    while (b > a && isOws(s.charCodeAt(b - 1))) b--;
    for (let k = a; k < b; k++) {
      const c = s.charCodeAt(k);
      if ((c < SP && c !== HT) || c === 127)
        throw codedError('HPE_INVALID_HEADER_TOKEN', 'control character in a header value');
    }
    const name = s.slice(i, j);
    const value = s.slice(a, b);
    raw.push(name, value);
    if (f === null) {
      i = eol + 2;
      continue;
    }
    switch (name.length) {
      case 14:
        if (sameLower(name, 'content-length')) {
          const n = parseContentLength(value);
          if (f.contentLength !== -1 && f.contentLength !== n)
            throw codedError('HPE_INVALID_CONTENT_LENGTH', 'conflicting content-length values');
          f.contentLength = n;
        }
        break;
      case 17:
        if (sameLower(name, 'transfer-encoding')) readTransferEncoding(value, f);
        break;
      case 10:
        if (sameLower(name, 'connection')) readConnection(value, f);
        else if (sameLower(name, 'keep-alive')) f.keepAliveTimeoutS = keepAliveTimeout(value);
        break;
    }
    i = eol + 2;
  }
}

/**
 * Called while a head or trailer section is still incomplete: a line ending that is not CRLF can
 * never complete it, so it is refused at once rather than waited on until the overflow limit or
 * the request timeout. llhttp refuses a bare LF the same way (strict mode, HPE_CR_EXPECTED); so
 * does this parser, deliberately: a server that sends one is broken, and guessing where its lines
 * end is how request smuggling starts. Looks at [from, to) of a section that began at `start`;
 * a complete section is checked only once its parse failed, to name the error the same either way.
 */
function checkLineEnds(buf: Buffer, start: number, from: number, to: number): void {
  for (let k = Math.max(start, from); k < to; k++) {
    const c = buf[k];
    if (c === LF) {
      if (k === start || buf[k - 1] !== CR) throw codedError('HPE_CR_EXPECTED', 'bare LF in a header line');
    } else if (k > start && buf[k - 1] === CR) {
      throw codedError('HPE_LF_EXPECTED', 'CR not followed by LF in a header line');
    }
  }
}

function isOws(c: number): boolean {
  return c === SP || c === HT;
}

/**
 * ASCII case-insensitive compare against a lower-case name of letters and '-'. `| 0x20` maps A-Z
 * onto a-z; no other token character maps onto a letter or '-'.
 */
function sameLower(name: string, lower: string): boolean {
  for (let k = 0; k < lower.length; k++)
    if ((name.charCodeAt(k) | 0x20) !== lower.charCodeAt(k)) return false;
  return true;
}

/** Digits only; a list of identical values (`5, 5`, from a proxy folding duplicates) is one value. */
function parseContentLength(value: string): number {
  let result = -1;
  let i = 0;
  while (true) {
    let n = 0;
    let significant = 0;
    const start = i;
    for (; i < value.length; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (n !== 0 || d !== 0) significant++;
      n = n * 10 + d;
    }
    if (i === start || significant > MAX_LENGTH_DIGITS)
      throw codedError('HPE_INVALID_CONTENT_LENGTH', 'invalid content-length');
    if (result !== -1 && n !== result)
      throw codedError('HPE_INVALID_CONTENT_LENGTH', 'conflicting content-length values');
    result = n;
    while (i < value.length && isOws(value.charCodeAt(i))) i++;
    if (i === value.length) return result;
    if (value.charCodeAt(i) !== 44 /* , */)
      throw codedError('HPE_INVALID_CONTENT_LENGTH', 'invalid content-length');
    i++;
    while (i < value.length && isOws(value.charCodeAt(i))) i++;
  }
}

/** Codings accumulate over repeated headers; the message is chunked when chunked is the last one. */
function readTransferEncoding(value: string, f: Framing): void {
  const codings = value.toLowerCase().split(',');
  let seen = 0;
  for (const item of codings) {
    const coding = item.trim();
    if (coding === '') continue;
    const semi = coding.indexOf(';');
    const name = (semi === -1 ? coding : coding.slice(0, semi)).trim();
    if (!isToken(name)) throw codedError('HPE_INVALID_TRANSFER_ENCODING', 'invalid transfer-encoding');
    // chunked must not be applied twice (RFC 9112 7.1), so only a last one counts
    if (f.chunked)
      throw codedError('HPE_INVALID_TRANSFER_ENCODING', 'chunked is not the final transfer coding');
    f.chunked = name === 'chunked';
    seen++;
  }
  if (seen === 0) throw codedError('HPE_INVALID_TRANSFER_ENCODING', 'empty transfer-encoding');
  f.transferEncoding = f.transferEncoding === null ? value : `${f.transferEncoding}, ${value}`;
}

function readConnection(value: string, f: Framing): void {
  // node:http and most servers send exactly one of these two
  if (value.length === 10 && sameLower(value, 'keep-alive')) f.keepAlive = true;
  else if (value.length === 5 && sameLower(value, 'close')) f.close = true;
  else {
    for (const item of value.toLowerCase().split(',')) {
      const option = item.trim();
      if (option === 'close') f.close = true;
      else if (option === 'keep-alive') f.keepAlive = true;
    }
  }
}

/** `timeout=N` of a Keep-Alive header, seconds, or -1. */
function keepAliveTimeout(value: string): number {
  // node:http sends exactly `timeout=N`: no list to split
  if (value.indexOf(',') === -1) return timeoutParam(value);
  for (const item of value.split(',')) {
    const n = timeoutParam(item.trim());
    if (n !== -1) return n;
  }
  return -1;
}

function timeoutParam(param: string): number {
  if (param.length <= 8 || !sameLower(param, 'timeout=')) return -1;
  let n = 0;
  for (let i = 8; i < param.length; i++) {
    const d = param.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || i > 17) return -1;
    n = n * 10 + d;
  }
  return n;
}

function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let k = 0; k < s.length; k++) if (TOKEN[s.charCodeAt(k)] !== 1) return false;
  return true;
}

function overflow(): Error {
  return codedError('HPE_HEADER_OVERFLOW', 'response header section too large');
}

function badChunk(message: string): Error {
  return codedError('HPE_INVALID_CHUNK_SIZE', message);
}
