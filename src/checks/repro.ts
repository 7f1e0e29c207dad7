/**
 * One-line curl reproductions of recorded requests. Every value is shell-quoted; the API key is
 * never known here (records carry a key label only), so it is written as an environment variable.
 */
import type { TraceRecord } from '../trace/types';

export interface CurlCommand {
  command: string;
  /** Things the line cannot reproduce exactly (non-printable bytes, unknown target...). */
  warnings: string[];
}

/** POSIX single-quote quoting: safe for any byte string. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Headers curl sets itself, or that would leak a secret if copied from a record. */
const DROPPED = new Set(['host', 'content-length', 'connection', 'x-api-key', 'authorization', 'cookie']);

const keyVariable = (label: string): string =>
  label === 'primary' ? 'PACER_API_KEY' : `PACER_API_KEY_${label.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

// Control characters (other than tab) cannot be typed on a command line reliably.
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting exactly those characters
const NON_PRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * The URL of a request to `path` (with its own query) on `target`: origin and base path kept, the
 * target's user info and query dropped (they may carry credentials, and a query before the path
 * would make the URL wrong).
 */
export function requestUrl(target: string, path: string): string {
  let base: string;
  try {
    const url = new URL(target);
    base = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    base = target.replace(/[?#].*$/s, '');
  }
  return `${base.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** `curl` for `record` against `target` (base URL); `$PACER_TARGET` when the target is unknown. */
export function curlFor(record: TraceRecord, target?: string): CurlCommand {
  const warnings: string[] = [];
  if (!target) warnings.push('target unknown: set PACER_TARGET to the base URL');
  const url = target ? requestUrl(target, record.path) : '';
  const parts = ['curl', '-sS', '-i'];
  if (record.method.toUpperCase() !== 'GET') parts.push('-X', shellQuote(record.method.toUpperCase()));
  parts.push(target ? shellQuote(url) : `"$PACER_TARGET"${shellQuote(record.path)}`);
  if (record.source) parts.push('--interface', shellQuote(record.source));
  if (record.keyLabel === 'wrong') parts.push('-H', shellQuote('x-api-key: pacer-invalid-key'));
  else if (record.keyLabel !== 'none') parts.push('-H', `"x-api-key: $${keyVariable(record.keyLabel)}"`);
  for (const [name, value] of Object.entries(record.requestHeaders ?? {})) {
    if (DROPPED.has(name.toLowerCase())) continue;
    if (NON_PRINTABLE.test(value)) warnings.push(`header ${name} has non-printable characters`);
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  let data: string | undefined;
  if (record.requestBodyText !== undefined) data = record.requestBodyText;
  else if (record.requestBody !== undefined) data = JSON.stringify(record.requestBody);
  if (data !== undefined) {
    const hasType = Object.keys(record.requestHeaders ?? {}).some((h) => h.toLowerCase() === 'content-type');
    if (!hasType) parts.push('-H', shellQuote('content-type: application/json'));
    if (NON_PRINTABLE.test(data)) warnings.push('body has non-printable characters');
    parts.push('--data-raw', shellQuote(data));
  }
  return { command: parts.join(' '), warnings };
}
