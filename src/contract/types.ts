import type { ContractConventions } from './extensions-conventions';
/**
 * The compiled contract: an OpenAPI 3.1 description loaded once per run, `$ref`s resolved, ajv
 * validators compiled per operation x status x content type and per response header. Every part of
 * pacer that needs the contract (sandbox, conformance runner, lint, k6 build) reads this interface.
 */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export type JsonSchema = Record<string, unknown> | boolean;

export interface ValidationIssue {
  /** JSON pointer into the validated value ('' = the value itself). */
  instancePath: string;
  /** JSON pointer into the schema, e.g. `#/properties/amount/type`. */
  schemaPath: string;
  keyword: string;
  message: string;
  /** The offending value (clipped when large). */
  value?: unknown;
}

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
  example?: unknown;
}

export interface MediaSpec {
  schema: JsonSchema;
  /** Named examples and `example`, resolved (name `default` for a lone `example`). */
  examples: Record<string, unknown>;
}

export interface HeaderSpec {
  required: boolean;
  schema: JsonSchema;
}

export interface ResponseSpec {
  /** Status key as written: `200`, `4XX`, `default`. */
  status: string;
  description: string;
  headers: Record<string, HeaderSpec>;
  /** By content type. Empty when the response has no body. */
  content: Record<string, MediaSpec>;
}

export interface OperationSpec {
  operationId: string;
  method: HttpMethod;
  pathTemplate: string;
  summary: string;
  tags: string[];
  /** `documented` (with source) or `inferred`, from `x-provenance`. */
  provenance: { kind: 'documented' | 'inferred' | 'partial'; source?: string; note?: string };
  /** Whether the operation requires the x-api-key security scheme. */
  requiresApiKey: boolean;
  parameters: ParameterSpec[];
  requestBody?: { required: boolean; content: Record<string, MediaSpec> };
  responses: Record<string, ResponseSpec>;
  /** Raw extensions (x-*) on the operation, for flows (`x-pacer-*`) and provenance. */
  extensions: Record<string, unknown>;
  /** OpenAPI links per response status (for stateful flows). */
  links: Record<
    string,
    Record<string, { operationId: string; parameters: Record<string, string>; requestBody?: unknown }>
  >;
}

export type PathMatch =
  | { kind: 'operation'; operation: OperationSpec; params: Record<string, string> }
  /** Path exists but not for this method: the methods that do exist (for 405 + Allow). */
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

export interface Validators {
  /** Request body against the operation's schema for that content type. */
  requestBody(operationId: string, contentType: string, body: unknown): ValidationIssue[];
  /** Path/query/header parameters (string values as received; coerced per schema). */
  parameters(
    operationId: string,
    location: ParameterSpec['in'],
    values: Record<string, string | undefined>,
  ): ValidationIssue[];
  /**
   * Response body for a status and content type. Returns `undocumented-status` when the operation
   * documents neither the status nor a range/default, `undocumented-content-type` likewise.
   */
  responseBody(
    operationId: string,
    status: number,
    contentType: string,
    body: unknown,
  ): ValidationIssue[] | 'undocumented-status' | 'undocumented-content-type';
  /** Documented response headers: missing required ones and invalid values. */
  responseHeaders(operationId: string, status: number, headers: Record<string, string>): ValidationIssue[];
  /** Any schema from the document by JSON pointer (e.g. `#/components/schemas/ValidationError`). */
  schema(pointer: string, value: unknown): ValidationIssue[];
}

export interface Contract {
  /** File the contract was loaded from. */
  file: string;
  /** sha256 of the file bytes, shown in certificates. */
  hash: string;
  title: string;
  version: string;
  /** The document with every `$ref` resolved (no cycles in the bundled contract). */
  document: Record<string, unknown>;
  /** Its x-pacer-auth / x-pacer-error-shapes, read once at load (with any problems in them). */
  conventions: ContractConventions;
  operations: OperationSpec[];
  byId: ReadonlyMap<string, OperationSpec>;
  match(method: string, path: string): PathMatch;
  /** Response for a status code: exact, then `4XX`-style range, then `default`. */
  responseFor(operationId: string, status: number): ResponseSpec | undefined;
  validators: Validators;
}
