import type { Contract } from '../contract/types';
import type { RequestSpec } from '../engine/types';
import type { TraceRecord } from '../trace/types';
import type { ConformProgress } from './types';

/** The engine seam (createHttpEngine by default; tests may pass their own). */
export interface ConformEngine {
  send(spec: RequestSpec): Promise<TraceRecord>;
  close(): Promise<void>;
}

export interface ConformanceOptions {
  /** Base URL of the API under test. */
  target: string;
  /** A compiled contract or the file to load (default: the bundled conformance/partner-api.yaml). */
  contract?: Contract | string;
  /** The key sent as x-api-key (never written anywhere). */
  apiKey: string;
  /** operationId globs to run (default: all). */
  operations?: string[];
  /** Share of each window's quota the run may spend per source (default 0.5). */
  budget?: number;
  /** Source addresses to spread requests over (default: the OS default). */
  sourceIps?: string[];
  seed?: number;
  /** Quota assumed before/without advertised headers (default 300 per 60 s, the documented policy). */
  limit?: number;
  windowMs?: number;
  /** Negative body cases per operation besides one per required field (default 6). */
  maxOtherNegatives?: number;
  /** Retries of one case after 429s (default 5). */
  maxRetries?: number;
  timeoutMs?: number;
  /** Check ids to run / to leave out (an unknown id is a usage error, raised before any request). */
  checks?: string[];
  excludeChecks?: string[];
  onProgress?: (progress: ConformProgress) => void;
  onRecord?: (record: TraceRecord) => void;
  engineFactory?: (options: EngineSetup) => ConformEngine;
  signal?: AbortSignal;
}

export interface EngineSetup {
  target: string;
  apiKeys: Record<string, string>;
  timeoutMs: number;
}

export const DEFAULT_CONTRACT_FILE = 'conformance/partner-api.yaml';
/** The wrong key of auth-wrong cases (the repro module writes the same literal). */
export const WRONG_KEY = 'pacer-invalid-key';
