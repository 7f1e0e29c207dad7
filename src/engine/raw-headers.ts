import type { RecordedHeaders } from '../trace/types';
import { RECORDED_HEADER_NAMES } from '../trace/types';

/** Raw response headers: name, value, name, value... (latin1 strings from Http1Connection; undici gives Buffers). */
export type RawHeaders = ReadonlyArray<Buffer | string>;

interface Wanted {
  key: keyof RecordedHeaders;
  bytes: Uint8Array;
}

/** Recorded names grouped by length: most headers are skipped on their length alone. */
const WANTED_BY_LENGTH: Wanted[][] = [];
for (const [key, name] of Object.entries(RECORDED_HEADER_NAMES) as Array<[keyof RecordedHeaders, string]>) {
  const list = WANTED_BY_LENGTH[name.length] ?? [];
  list.push({ key, bytes: Buffer.from(name, 'latin1') });
  WANTED_BY_LENGTH[name.length] = list;
}

/**
 * Fills the recorded (rate-limit and timing) headers from raw name/value pairs without building a
 * header object, which would lower-case and copy every header of every response on the hot path.
 * Values stay raw (latin1); a repeated
 * header is joined with ", " in arrival order, as RFC 9110 folds it.
 */
export function readRecordedHeaders(raw: RawHeaders, into: RecordedHeaders): void {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = recordedKey(raw[i]);
    if (key === null) continue;
    const value = text(raw[i + 1]);
    const prev = into[key];
    into[key] = prev === null ? value : `${prev}, ${value}`;
  }
}

/** Every header, lower-cased names, repeated ones joined with ", " (conformance records only). */
export function allHeaders(raw: RawHeaders): Record<string, string> {
  const seen = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = text(raw[i]).toLowerCase();
    const value = text(raw[i + 1]);
    const prev = seen.get(name);
    seen.set(name, prev === undefined ? value : `${prev}, ${value}`);
  }
  // fromEntries defines own properties, so a header named __proto__ cannot reach the prototype
  return Object.fromEntries(seen);
}

function recordedKey(name: Buffer | string): keyof RecordedHeaders | null {
  const candidates = WANTED_BY_LENGTH[name.length];
  if (candidates === undefined) return null;
  if (typeof name === 'string') {
    const lower = name.toLowerCase();
    for (const c of candidates) if (RECORDED_HEADER_NAMES[c.key] === lower) return c.key;
    return null;
  }
  for (const c of candidates) if (sameNameIgnoringCase(name, c.bytes)) return c.key;
  return null;
}

/**
 * ASCII case-insensitive compare against a lower-case name made of letters and '-'. `| 0x20` maps
 * A-Z onto a-z; the only other byte it maps onto a wanted byte is CR onto '-', and CR cannot occur
 * in a header name the parser accepted.
 */
function sameNameIgnoringCase(name: Buffer, lower: Uint8Array): boolean {
  for (let j = 0; j < lower.length; j++) if ((name[j] | 0x20) !== lower[j]) return false;
  return true;
}

function text(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('latin1');
}
