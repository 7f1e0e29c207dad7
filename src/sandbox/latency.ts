import { usageError } from '../errors';
import { parseDuration } from '../policy/duration';
import type { Random } from './random';

/** Service-time distribution, ms. */
export type Latency =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'exp'; meanMs: number };

const FIELD = '--latency';

/** `fixed:20ms`, `uniform:5ms..15ms`, `exp:10ms` (mean). */
export function parseLatency(text: string): Latency {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon).trim();
  const arg = text.slice(colon + 1).trim();
  switch (kind) {
    case 'fixed':
      return { kind, ms: parseDuration(arg, FIELD) };
    case 'exp':
      return { kind, meanMs: parseDuration(arg, FIELD) };
    case 'uniform': {
      const [lo, hi, ...rest] = arg.split('..');
      if (hi === undefined || rest.length > 0) {
        throw usageError(`${FIELD}: uniform needs a range like uniform:5ms..15ms, got "${text}"`, FIELD);
      }
      const minMs = parseDuration(lo, FIELD);
      const maxMs = parseDuration(hi, FIELD);
      if (maxMs < minMs) throw usageError(`${FIELD}: range ${text} ends before it starts`, FIELD);
      return { kind, minMs, maxMs };
    }
    default:
      throw usageError(`${FIELD}: expected fixed:20ms, uniform:5ms..15ms or exp:10ms, got "${text}"`, FIELD);
  }
}

export function sampleLatency(latency: Latency, random: Random): number {
  switch (latency.kind) {
    case 'fixed':
      return latency.ms;
    case 'uniform':
      return latency.minMs + random() * (latency.maxMs - latency.minMs);
    case 'exp':
      return -latency.meanMs * Math.log(1 - random());
  }
}
