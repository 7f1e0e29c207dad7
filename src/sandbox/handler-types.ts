/**
 * The seam between the sandbox's HTTP layer (server, auth, limiter, validation, faults) and its
 * business logic (stateful handlers per operationId). The HTTP layer has already authenticated,
 * rate-limited and validated the request against the contract before a handler runs.
 */
export interface HandlerRequest {
  operationId: string;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  /** Query parameters (first value of each). */
  query: Record<string, string>;
  /** Parsed JSON body (already valid against the contract), or undefined. */
  body: unknown;
  /** Server wall clock, epoch ms (injected so lock expiry etc. is testable). */
  nowMs: number;
}

export interface HandlerResponse {
  status: number;
  /** JSON body; undefined for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** The business logic of every operation, keyed by operationId. */
export interface BusinessLogic {
  handle(req: HandlerRequest): HandlerResponse;
  /** Operation ids this logic answers (the server checks it covers the contract at start). */
  operationIds(): string[];
}
