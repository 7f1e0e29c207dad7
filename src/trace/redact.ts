import type { TraceRecord } from './types';

const SECRET_HEADER = /^(x-api-key|authorization|proxy-authorization|cookie)$/i;
const REDACTED = '[redacted]';

/**
 * Returns a copy of the record with secret-bearing request headers masked and every occurrence of
 * the given secret values replaced, wherever they hide (path, bodies, error messages). The engine
 * never puts a key in a record; this is the belt to that pair of braces, applied by the writers.
 */
export function redactSecrets(record: TraceRecord, secrets: readonly string[] = []): TraceRecord {
  let out = record;
  if (record.requestHeaders && Object.keys(record.requestHeaders).some((name) => SECRET_HEADER.test(name))) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(record.requestHeaders)) {
      headers[name] = SECRET_HEADER.test(name) ? REDACTED : value;
    }
    out = { ...record, requestHeaders: headers };
  }
  const live = secrets.filter((s) => s.length > 0);
  if (live.length === 0) return out;
  const json = JSON.stringify(out);
  if (!live.some((s) => json.includes(jsonEscaped(s)))) return out;
  let cleaned = json;
  for (const secret of live) cleaned = cleaned.split(jsonEscaped(secret)).join(REDACTED);
  return JSON.parse(cleaned) as TraceRecord;
}

/** How a secret looks inside a JSON string literal (quotes and backslashes escaped). */
function jsonEscaped(secret: string): string {
  return JSON.stringify(secret).slice(1, -1);
}
