import type { ValidateFunction } from 'ajv/dist/2020.js';
import { PacerError } from '../errors';
import type { SchemaCompiler } from './ajv';
import { createCompiler, toIssues } from './ajv';
import type { LocatedOperation } from './operations';
import { getAt, joinPointer, parsePointer } from './pointer';
import { normaliseMediaType, pickMediaKey, pickResponse } from './responses';
import type {
  HeaderSpec,
  JsonSchema,
  OperationSpec,
  ParameterSpec,
  ValidationIssue,
  Validators,
} from './types';

/** Called when a schema does not compile; loadContract throws, lint records a problem. */
export type CompileErrorHandler = (pointer: string, message: string) => void;

interface CompiledResponse {
  bodies: Map<string, ValidateFunction>;
  headers?: ValidateFunction;
  /** lower-case name -> name as documented, for messages. */
  headerNames: Map<string, string>;
}

interface CompiledOperation {
  spec: OperationSpec;
  requestBodies: Map<string, ValidateFunction>;
  parameters: Map<ParameterSpec['in'], ValidateFunction>;
  responses: Map<string, CompiledResponse>;
}

// OpenAPI: header parameters with these names are ignored (they are set by other means).
const IGNORED_HEADER_PARAMS = new Set(['accept', 'content-type', 'authorization']);
const ALWAYS_VALID = Object.assign(() => true, { errors: null }) as unknown as ValidateFunction;

export interface BuiltValidators {
  validators: Validators;
  /** Number of ajv validators compiled (bodies, parameter sets, header sets). */
  compiled: number;
}

/** Compiles every validator of every operation once, up front. */
export function buildValidators(
  operations: readonly LocatedOperation[],
  document: Record<string, unknown>,
  onError: CompileErrorHandler,
  onWarning?: CompileErrorHandler,
  compilers: { plain: SchemaCompiler; coercing: SchemaCompiler } = {
    plain: createCompiler({ coerce: false }),
    coercing: createCompiler({ coerce: true }),
  },
): BuiltValidators {
  const { plain, coercing } = compilers;
  let compiled = 0;
  const compile = (
    which: 'plain' | 'coercing',
    schema: unknown,
    pointer: string,
    key?: string,
  ): ValidateFunction => {
    const compiler = which === 'plain' ? plain : coercing;
    const before = compiler.warnings.length;
    try {
      const fn = compiler.compile(schema, key);
      compiled++;
      for (const warning of compiler.warnings.slice(before)) onWarning?.(pointer, warning);
      return fn;
    } catch (err) {
      onError(pointer, `schema does not compile: ${(err as Error).message}`);
      return ALWAYS_VALID;
    }
  };
  // Parameter and header values arrive as strings: their object schemas use the coercing compiler.
  const objectOf = (props: Record<string, JsonSchema>, required: string[], pointer: string) => {
    const schema = { type: 'object', properties: props, required };
    return compile('coercing', schema, pointer, JSON.stringify(schema));
  };

  const byId = new Map<string, CompiledOperation>();
  for (const { spec, pointer } of operations) {
    const entry: CompiledOperation = {
      spec,
      requestBodies: new Map(),
      parameters: new Map(),
      responses: new Map(),
    };
    for (const [type, media] of Object.entries(spec.requestBody?.content ?? {})) {
      const at = joinPointer(pointer, 'requestBody', 'content', type, 'schema');
      entry.requestBodies.set(type, compile('plain', media.schema, at));
    }
    for (const location of ['path', 'query', 'header', 'cookie'] as const) {
      const params = spec.parameters.filter((p) => p.in === location);
      if (params.length === 0) continue;
      const props: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const p of params) {
        const name = location === 'header' ? p.name.toLowerCase() : p.name;
        if (location === 'header' && IGNORED_HEADER_PARAMS.has(name)) continue;
        props[name] = p.schema;
        if (p.required) required.push(name);
      }
      entry.parameters.set(location, objectOf(props, required, joinPointer(pointer, 'parameters')));
    }
    for (const [status, response] of Object.entries(spec.responses)) {
      const at = joinPointer(pointer, 'responses', status);
      const bodies = new Map<string, ValidateFunction>();
      for (const [type, media] of Object.entries(response.content)) {
        bodies.set(type, compile('plain', media.schema, joinPointer(at, 'content', type, 'schema')));
      }
      const compiledResponse: CompiledResponse = { bodies, headerNames: new Map() };
      const names = Object.keys(response.headers);
      if (names.length > 0) {
        const props: Record<string, JsonSchema> = {};
        const required: string[] = [];
        for (const name of names) {
          const header: HeaderSpec = response.headers[name];
          props[name.toLowerCase()] = header.schema;
          if (header.required) required.push(name.toLowerCase());
          compiledResponse.headerNames.set(name.toLowerCase(), name);
        }
        compiledResponse.headers = objectOf(props, required, joinPointer(at, 'headers'));
      }
      entry.responses.set(status, compiledResponse);
    }
    byId.set(spec.operationId, entry);
  }

  const get = (operationId: string): CompiledOperation => {
    const entry = byId.get(operationId);
    if (!entry) throw new PacerError('PACER_ERR_USAGE', `unknown operationId "${operationId}"`);
    return entry;
  };
  const run = (fn: ValidateFunction, value: unknown): ValidationIssue[] =>
    fn(value) ? [] : toIssues(fn.errors);
  const bySchemaPointer = new Map<string, ValidateFunction>();

  const validators: Validators = {
    requestBody(operationId, contentType, body) {
      const { spec, requestBodies } = get(operationId);
      const documented = spec.requestBody;
      if (!documented) return [];
      if (body === undefined || body === '') {
        return documented.required
          ? [issue('required', '#/requestBody/required', 'request body is required')]
          : [];
      }
      const key = pickMediaKey(documented.content, contentType);
      if (key === undefined) {
        const known = Object.keys(documented.content).join(', ');
        return [
          issue(
            'content-type',
            '#/requestBody/content',
            `content type "${contentType}" is not documented (documented: ${known})`,
            contentType,
          ),
        ];
      }
      return run(requestBodies.get(key) ?? ALWAYS_VALID, body);
    },
    parameters(operationId, location, values) {
      const fn = get(operationId).parameters.get(location);
      if (!fn) return [];
      const data: Record<string, string> = {};
      for (const [name, value] of Object.entries(values)) {
        if (value !== undefined) data[location === 'header' ? name.toLowerCase() : name] = value;
      }
      const received = { ...data };
      return run(fn, data).map((i) => {
        const key = i.instancePath.split('/')[1];
        return key !== undefined && key in received ? { ...i, value: received[key] } : i;
      });
    },
    responseBody(operationId, status, contentType, body) {
      const entry = get(operationId);
      const response = pickResponse(entry.spec, status);
      if (!response) return 'undocumented-status';
      const compiledResponse = entry.responses.get(response.status);
      const noBody = body === undefined || body === '' || body === null;
      if (Object.keys(response.content).length === 0) return noBody ? [] : 'undocumented-content-type';
      if (noBody && normaliseMediaType(contentType) === '') {
        const documented = Object.keys(response.content).join(', ');
        return [
          issue(
            'body',
            `#/responses/${response.status}/content`,
            `response has no body; the contract documents ${documented}`,
          ),
        ];
      }
      const key = pickMediaKey(response.content, contentType);
      if (key === undefined) return 'undocumented-content-type';
      return run(compiledResponse?.bodies.get(key) ?? ALWAYS_VALID, body);
    },
    responseHeaders(operationId, status, headers) {
      const entry = get(operationId);
      const response = pickResponse(entry.spec, status);
      const compiledResponse = response ? entry.responses.get(response.status) : undefined;
      if (!compiledResponse?.headers) return [];
      const data: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers)) data[name.toLowerCase()] = value;
      const received = { ...data }; // ajv coerces `data` in place; issues show what was received
      return run(compiledResponse.headers, data).map((i) =>
        headerIssue(i, compiledResponse.headerNames, received),
      );
    },
    schema(pointer, value) {
      let fn = bySchemaPointer.get(pointer);
      if (!fn) {
        const schema = getAt(document, parsePointer(pointer));
        if (schema === undefined)
          throw new PacerError('PACER_ERR_USAGE', `no schema at ${pointer} in the contract`);
        try {
          fn = plain.compile(schema);
        } catch (err) {
          throw new PacerError(
            'PACER_ERR_CONTRACT_INVALID',
            `schema at ${pointer} does not compile: ${(err as Error).message}`,
            {
              pointer,
            },
          );
        }
        bySchemaPointer.set(pointer, fn);
      }
      return run(fn, value);
    },
  };
  return { validators, compiled };
}

function issue(keyword: string, schemaPath: string, message: string, value?: unknown): ValidationIssue {
  return { instancePath: '', schemaPath, keyword, message, ...(value !== undefined ? { value } : {}) };
}

/** Header issues read better keyed by the header's documented name. */
function headerIssue(
  i: ValidationIssue,
  names: Map<string, string>,
  received: Record<string, string>,
): ValidationIssue {
  if (i.keyword === 'required' && i.instancePath === '') {
    const missing = /'([^']+)'/.exec(i.message)?.[1] ?? '';
    return {
      instancePath: `/${missing}`,
      schemaPath: i.schemaPath,
      keyword: 'required',
      message: `missing required header ${names.get(missing) ?? missing}`,
    };
  }
  const lower = i.instancePath.split('/')[1] ?? '';
  const name = names.get(lower) ?? lower;
  return { ...i, message: `header ${name} ${i.message}`, value: received[lower] ?? i.value };
}
