/**
 * The machine-readable rate-limit policy (conformance/ratelimit-policy.yaml), after loading,
 * validation and user overrides. Durations are milliseconds here; the file may say "60s" or "1m".
 */
export interface RateLimitPolicy {
  /** Documented requests per window (Partner API: 300). */
  limit: number;
  /** Window length in ms (Partner API: 60000). */
  windowMs: number;
  /** Who shares a quota. The Partner API documents `ip`. */
  scope: 'ip' | 'key' | 'ip+key';
  /** Counted across all endpoints (`global`) or per endpoint. */
  endpoints: 'global' | 'per-endpoint';
  headers: {
    limit: string;
    remaining: string;
    reset: string;
    retryAfter: string;
  };
  /** Units: how Reset is expressed, and which Retry-After forms are legal. */
  units: {
    reset: 'epoch-seconds';
    retryAfter: Array<'delay-seconds' | 'http-date'>;
  };
  /** The documented 429 body: JSON Schema, plus the documented `window` text for the limit. */
  tooManyRequests: {
    status: 429;
    bodySchema: Record<string, unknown>;
    /** e.g. "1 minute" for a 60 s window; derived from windowMs when the window is overridden. */
    windowText: string;
  };
  /** Settings for what the page leaves open; every verdict that depends on one names it. */
  profile: PolicyProfile;
  /** Where each value came from (file path, `--limit`, config), for the certificate. */
  provenance: Record<string, string>;
}

export interface PolicyProfile {
  /** strict: Retry-After within 1 s (+rtt) of Reset - Date; lenient: at most one window. */
  retryAfter: 'strict' | 'lenient';
  /** Whether requests made while limited may push the reset further out. */
  penaltyExpected: boolean;
  /** Algorithm the page implies; fixed window unless the profile says otherwise. */
  algorithm: 'fixed-window' | 'sliding-window' | 'token-bucket';
  /** Extra tolerance added to timing judgements, ms (on top of 1 s Reset granularity + rtt). */
  timingToleranceMs: number;
  /** Whether 401s (wrong/missing key) count against the IP's quota (page: brute-force protection). */
  authFailuresCounted: boolean;
  /** Level of RL-NO-CACHE-429 and similar advisory checks. */
  advisoryLevel: 'warn' | 'fail';
}

/** Overrides a user may give on the command line or in the config file. */
export interface PolicyOverrides {
  limit?: number;
  windowMs?: number;
  profile?: Partial<PolicyProfile>;
}
