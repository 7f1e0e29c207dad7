import { usageError } from '../errors';
import type { Slo } from './types';

const SLO_RE = /^\s*(p50|p90|p99|p999|p99\.9)\s*<\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i;

/** Parses `p99<300ms` (percentiles p50, p90, p99, p999 / p99.9; units ms or s, ms by default). */
export function parseSlo(text: string, option = '--slo'): Slo {
  const m = SLO_RE.exec(text);
  if (!m) throw usageError(`invalid SLO ${JSON.stringify(text)}: expected e.g. p99<300ms`, option);
  const p = m[1].toLowerCase();
  const percentile = (p === 'p99.9' ? 'p999' : p) as Slo['percentile'];
  const value = Number(m[2]);
  const thresholdMs = m[3]?.toLowerCase() === 's' ? value * 1000 : value;
  if (!(thresholdMs > 0)) throw usageError(`SLO threshold must be positive: ${JSON.stringify(text)}`, option);
  return { percentile, thresholdMs, text: text.trim() };
}
