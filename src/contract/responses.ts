import type { MediaSpec, OperationSpec, ResponseSpec } from './types';

/** Response for a status: exact key, then `4XX`-style range (any case), then `default`. */
export function pickResponse(operation: OperationSpec, status: number): ResponseSpec | undefined {
  const { responses } = operation;
  const exact = responses[String(status)];
  if (exact) return exact;
  const range = `${Math.floor(status / 100)}XX`;
  const rangeHit = responses[range] ?? responses[range.toLowerCase()];
  if (rangeHit) return rangeHit;
  return responses.default;
}

/** `application/json; charset=utf-8` -> `application/json`. */
export function normaliseMediaType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** Documented media key for a received content type: exact, then `type/*`, then `*\/*`. */
export function pickMediaKey(content: Record<string, MediaSpec>, contentType: string): string | undefined {
  const wanted = normaliseMediaType(contentType);
  const keys = Object.keys(content);
  const exact = keys.find((k) => normaliseMediaType(k) === wanted);
  if (exact !== undefined) return exact;
  const wildcard = `${wanted.split('/')[0]}/*`;
  return (
    keys.find((k) => normaliseMediaType(k) === wildcard) ?? keys.find((k) => normaliseMediaType(k) === '*/*')
  );
}
