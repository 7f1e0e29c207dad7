import type { IncomingHttpHeaders } from 'node:http';
import type { Contract, OperationSpec } from '../../contract/types';
import type { RateHeaderValues } from '../http/rate-headers';
import type { LimitDecision, LimiterBehaviour } from '../limiter';
import type { Random } from '../random';

/** A response on its way out, before rate-limit headers are added. Faults may rewrite it. */
export interface ResponseDraft {
  status: number;
  /** JSON value, or undefined for an empty body. */
  body?: unknown;
  contentType: string;
  headers: Record<string, string>;
}

export interface RateHeaderContext {
  status: number;
  decision: LimitDecision;
  nowMs: number;
  windowMs: number;
}

export interface BucketContext {
  /** The x-api-key value (hashed before it goes anywhere visible). */
  apiKey: string | undefined;
  /** operationId, or `METHOD path` when no operation matched. */
  route: string;
}

export interface OperationFaultContext {
  contract: Contract;
  operation: OperationSpec;
  random: Random;
}

/** The points where a fault can bend the sandbox. Every hook is optional. */
export interface FaultHooks {
  limiter?: Partial<LimiterBehaviour>;
  /** Read the counter, yield a tick, write it back: lost updates under concurrency. */
  racyCounter?: boolean;
  clientIp?: (socketAddress: string | undefined, headers: IncomingHttpHeaders) => string;
  bucket?: (ip: string, ctx: BucketContext) => string;
  /** Mutates header values in place (set a field undefined to drop the header). */
  rateHeaders?: (values: RateHeaderValues, ctx: RateHeaderContext) => void;
  /**
   * Requests to a key-protected operation without a valid key are answered 401 before the limiter
   * counts them (auth in front of the limiter); the 401 still carries the current headers.
   */
  uncountedAuthFailures?: boolean;
  /** Mutates the 429's own headers (e.g. its Cache-Control) before the rate-limit headers are added. */
  tooManyHeaders?: (headers: Record<string, string>) => void;
  /** Replaces the 429 body. */
  tooManyBody?: (body: Record<string, unknown>) => unknown;
  /** Mutates a response produced for a contract operation (handler output and P403s). */
  operationResponse?: (draft: ResponseDraft, ctx: OperationFaultContext) => void;
  /** Whether an admitted, authenticated request is answered with a 500 instead. */
  serverError?: (random: Random) => boolean;
}

export interface FaultSetup {
  /** Fraction of requests `server-error` turns into 500s. */
  serverErrorRate: number;
}

export interface FaultProfile {
  name: string;
  /** One line, shown by `pacer sandbox --list-faults`. */
  description: string;
  /** Which oracle family should catch it (for docs and the mutation matrix). */
  kind: 'rate-limit' | 'contract';
  create(setup: FaultSetup): FaultHooks;
}
