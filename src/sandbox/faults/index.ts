import { usageError } from '../../errors';
import { CONTRACT_FAULTS } from './contract-faults';
import { RATE_FAULTS } from './rate-faults';
import type { FaultHooks, FaultProfile, FaultSetup } from './types';

export type { FaultHooks, FaultProfile, FaultSetup } from './types';

/** Every fault profile, in the order `--list-faults` prints them. */
export const FAULTS: readonly FaultProfile[] = [...RATE_FAULTS, ...CONTRACT_FAULTS];

const BY_NAME = new Map(FAULTS.map((f) => [f.name, f]));

export function faultNames(): string[] {
  return FAULTS.map((f) => f.name);
}

/** `name  description` lines for the CLI. */
export function listFaults(): string[] {
  const width = Math.max(...FAULTS.map((f) => f.name.length));
  return FAULTS.map((f) => `${f.name.padEnd(width)}  ${f.description}`);
}

/**
 * Combines the named faults into one set of hooks. Hooks of the same kind run in registry order
 * (not command-line order) so a combination always means the same thing.
 */
export function composeFaults(names: readonly string[], setup: FaultSetup): FaultHooks {
  for (const name of names) {
    if (!BY_NAME.has(name)) {
      throw usageError(`unknown fault "${name}" (see pacer sandbox --list-faults)`, '--fault');
    }
  }
  const chosen = FAULTS.filter((f) => names.includes(f.name)).map((f) => f.create(setup));
  const combined: FaultHooks = {};
  for (const h of chosen) {
    if (h.limiter) {
      const skew = (combined.limiter?.admissionSkew ?? 0) + (h.limiter.admissionSkew ?? 0);
      combined.limiter = { ...combined.limiter, ...h.limiter, admissionSkew: skew };
    }
    if (h.racyCounter) combined.racyCounter = true;
    if (h.uncountedAuthFailures) combined.uncountedAuthFailures = true;
    if (h.clientIp) combined.clientIp = h.clientIp;
    if (h.bucket) {
      const prev = combined.bucket;
      const next = h.bucket;
      combined.bucket = prev ? (ip, ctx) => next(prev(ip, ctx), ctx) : next;
    }
    combined.rateHeaders = chain(combined.rateHeaders, h.rateHeaders);
    combined.operationResponse = chain(combined.operationResponse, h.operationResponse);
    if (h.tooManyBody) combined.tooManyBody = h.tooManyBody;
    combined.tooManyHeaders = chain(combined.tooManyHeaders, h.tooManyHeaders);
    if (h.serverError) combined.serverError = h.serverError;
  }
  return combined;
}

function chain<Args extends unknown[]>(
  first: ((...args: Args) => void) | undefined,
  second: ((...args: Args) => void) | undefined,
): ((...args: Args) => void) | undefined {
  if (!first) return second;
  if (!second) return first;
  return (...args) => {
    first(...args);
    second(...args);
  };
}
