import { usageError } from '../errors';
import { defaultContractPath } from '../policy/paths';
import { composeFaults, type FaultHooks } from './faults/index';
import { type Latency, parseLatency } from './latency';
import { DEMO_API_KEY, type SandboxOptions } from './types';

/** Defaults are the Partner API's documented policy: 300 requests per 60 s per IP. */
export const DEFAULT_LIMIT = 300;
export const DEFAULT_WINDOW_MS = 60_000;
export const DEFAULT_SERVER_ERROR_RATE = 0.2;

export interface ResolvedOptions {
  host: string;
  port: number;
  /** 0 = unlimited: the limiter is bypassed and no rate-limit headers are sent (capacity runs). */
  limit: number;
  windowMs: number;
  trustProxy: number;
  apiKeys: ReadonlySet<string>;
  hooks: FaultHooks;
  latency: Latency | undefined;
  concurrency: number | undefined;
  seed: number;
  contractFile: string;
}

function wholeNumber(
  value: number | undefined,
  field: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw usageError(`${field} must be an integer ${range}, got ${value}`, field);
  }
  return value;
}

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const limit = wholeNumber(options.limit, 'limit', 0) ?? DEFAULT_LIMIT;
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  if (!Number.isFinite(windowMs) || windowMs < 1) {
    throw usageError(`window must be a positive duration, got ${windowMs} ms`, 'window');
  }
  const serverErrorRate = options.serverErrorRate ?? DEFAULT_SERVER_ERROR_RATE;
  if (!(serverErrorRate >= 0 && serverErrorRate <= 1)) {
    throw usageError(`serverErrorRate must be between 0 and 1, got ${serverErrorRate}`, 'serverErrorRate');
  }
  const apiKeys = options.apiKeys ?? [DEMO_API_KEY];
  if (apiKeys.length === 0 || apiKeys.some((k) => k === '')) {
    throw usageError('apiKeys must list at least one non-empty key', 'apiKeys');
  }
  return {
    host: options.host ?? '127.0.0.1',
    port: wholeNumber(options.port, 'port', 0, 65_535) ?? 0,
    limit,
    windowMs,
    trustProxy: wholeNumber(options.trustProxy, 'trustProxy', 0) ?? 0,
    apiKeys: new Set(apiKeys),
    hooks: composeFaults(options.faults ?? [], { serverErrorRate }),
    latency: options.latency ? parseLatency(options.latency) : undefined,
    concurrency: wholeNumber(options.concurrency, 'concurrency', 1),
    seed: wholeNumber(options.seed, 'seed', 0) ?? 1,
    contractFile: options.contractFile ?? defaultContractPath(),
  };
}
