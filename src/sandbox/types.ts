/**
 * The reference sandbox of the Partner API: the default target and the mutation target.
 * `startSandbox(options)` (src/sandbox/index.ts) starts it on an ephemeral port by default.
 */
export interface SandboxOptions {
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** 0 or absent: ephemeral. */
  port?: number;
  /**
   * Requests per window per source IP (default: the policy's 300). 0 = unlimited: the limiter is
   * bypassed and no rate-limit headers are sent (capacity runs; a huge limit keeps the headers).
   */
  limit?: number;
  /** Window length, ms (default: the policy's 60000). */
  windowMs?: number;
  /** Named fault profiles to apply (see `pacer sandbox --list-faults`). */
  faults?: string[];
  /** Number of proxy hops whose forwarding headers are trusted (default 0: socket address only). */
  trustProxy?: number;
  /** Added service time per request, e.g. `fixed:20ms`, `uniform:5ms..15ms`, `exp:10ms`. */
  latency?: string;
  /** Maximum requests served at once; more wait in a queue (capacity tests: known saturation). */
  concurrency?: number;
  /** Accepted API keys (default: the demo key). */
  apiKeys?: string[];
  /** Contract file (default: the bundled conformance/partner-api.yaml). */
  contractFile?: string;
  /** Fraction of requests the `server-error` fault answers with 500 (default 0.2). */
  serverErrorRate?: number;
  /** Seed for anything random (fault sampling, generated ids) so tests are repeatable. */
  seed?: number;
}

/** The demo key the sandbox accepts by default (documented in the README; not a secret). */
export const DEMO_API_KEY = 'pacer-demo-key';

export interface WindowTruth {
  ip: string;
  /** Limiter bucket when it is not the IP alone (faults `per-key-buckets`, `per-endpoint-buckets`). */
  bucket?: string;
  /** Epoch ms the window started and will end (server clock). */
  startEpochMs: number;
  endEpochMs: number;
  admitted: number;
  rejected: number;
}

/** What really happened inside the sandbox, for tests that compare pacer's findings with the truth. */
export interface SandboxTruth {
  /** Every window seen, oldest first (closed ones kept up to a bound). */
  windows: WindowTruth[];
  /** Distinct IPs currently tracked by the limiter (memory bound check). */
  trackedIps: number;
  totalAdmitted: number;
  totalRejected: number;
}

export interface Sandbox {
  url: string;
  host: string;
  port: number;
  options: Readonly<SandboxOptions>;
  truth(): SandboxTruth;
  close(): Promise<void>;
}
