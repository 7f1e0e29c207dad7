/**
 * Run-time settings of a k6 bundle: the inlined build-time config plus `__ENV` overrides. Pure (no
 * k6 or Node imports) so the same function is unit-tested in Node and runs inside k6. Every bad
 * value is an error naming its environment variable.
 */
import { PacerError } from '../errors';
import { parseOperation } from '../limits/operations';
import { describeDuration, parseDuration } from '../policy/duration';
import type { BundledPolicy, K6BundleConfig, K6Operation } from './bundle-config';

export type Env = Readonly<Record<string, string | undefined>>;

export interface RuntimeConfig {
  /** Base URL without a trailing slash. */
  target: string;
  /** Sent as x-api-key; never written to a tag, metric or summary. */
  apiKey: string | null;
  /** What the trace says about the credential: `primary` with a key, `none` without. */
  keyLabel: 'primary' | 'none';
  policy: BundledPolicy;
  operation: K6Operation;
  operations: K6Operation[];
  /** Label for the `source` tag (k6 cannot tell which local address a VU used). */
  source: string | null;
  /** Where handleSummary writes the JUnit and JSON summaries. */
  reportDir: string;
}

const envError = (name: string, why: string): PacerError =>
  new PacerError('PACER_ERR_INVALID_OPTION', `${name}: ${why}`, { option: name });

const present = (env: Env, name: string): string | null => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
};

/** A positive integer from the environment, or the fallback when unset. */
export function envInt(env: Env, name: string, fallback: number): number {
  const raw = present(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0)
    throw envError(name, `expected a positive integer, got "${raw}"`);
  return Number(raw);
}

/** A positive number (fractions allowed), or the fallback. */
export function envNumber(env: Env, name: string, fallback: number): number {
  const raw = present(env, name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw envError(name, `expected a positive number, got "${raw}"`);
  return n;
}

/** A duration such as 60s or 1m30s, in ms, or the fallback. */
export function envDuration(env: Env, name: string, fallbackMs: number): number {
  const raw = present(env, name);
  if (raw === null) return fallbackMs;
  const ms = parseDuration(raw, name);
  if (ms <= 0) throw envError(name, `must be longer than 0, got "${raw}"`);
  return ms;
}

function targetFrom(env: Env): string {
  const raw = present(env, 'PACER_TARGET');
  if (raw === null) throw envError('PACER_TARGET', 'not set; pass -e PACER_TARGET=http://host:port');
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/i.test(raw)) {
    throw envError('PACER_TARGET', `expected an http(s) base URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

export function resolveRuntimeConfig(bundle: K6BundleConfig, env: Env): RuntimeConfig {
  const limit = envInt(env, 'PACER_LIMIT', bundle.policy.limit);
  const windowMs = envDuration(env, 'PACER_WINDOW', bundle.policy.windowMs);
  const windowText =
    present(env, 'PACER_WINDOW') === null
      ? bundle.policy.tooManyRequests.windowText
      : describeDuration(windowMs);
  const opText = present(env, 'PACER_OPERATION');
  const operation = opText === null ? bundle.operation : parseOperation(opText, 'PACER_OPERATION');
  const apiKey = present(env, 'PACER_API_KEY');
  return {
    target: targetFrom(env),
    apiKey,
    keyLabel: apiKey === null ? 'none' : 'primary',
    policy: {
      ...bundle.policy,
      limit,
      windowMs,
      tooManyRequests: { ...bundle.policy.tooManyRequests, windowText },
    },
    operation,
    // An explicit operation replaces the rotation too, as `pacer limits --operation` does.
    operations: opText === null ? bundle.operations : [operation],
    source: present(env, 'PACER_SOURCE'),
    reportDir: (present(env, 'PACER_REPORT_DIR') ?? 'reports').replace(/\/+$/, ''),
  };
}
