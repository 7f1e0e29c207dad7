import type { SchemaCompiler } from './ajv';
import { createCompiler } from './ajv';
import type { Emit } from './lint-types';
import { HTTP_METHODS, type LocatedOperation } from './operations';
import { getAt, isRecord, joinPointer, parsePointer } from './pointer';

const parameterDef = {
  type: 'object',
  required: ['name', 'in'],
  properties: {
    name: { type: 'string', minLength: 1 },
    in: { enum: ['path', 'query', 'header', 'cookie'] },
    required: { type: 'boolean' },
  },
};
const operationDef = {
  type: 'object',
  required: ['responses'],
  properties: {
    operationId: { type: 'string', minLength: 1 },
    summary: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    parameters: { type: 'array', items: { $ref: '#/$defs/parameter' } },
    requestBody: { type: 'object', required: ['content'], properties: { content: { type: 'object' } } },
    responses: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^([1-5][0-9][0-9]|[1-5]XX|default|x-.*)$' },
      patternProperties: { '^[1-5d]': { type: 'object' } },
    },
  },
};
const pathItemDef = {
  type: 'object',
  properties: {
    parameters: { type: 'array', items: { $ref: '#/$defs/parameter' } },
    ...Object.fromEntries(HTTP_METHODS.map((m) => [m, { $ref: '#/$defs/operation' }])),
  },
};

/** The parts of OpenAPI 3.1 pacer relies on, checked on the `$ref`-resolved document. */
const OPENAPI_SUBSET = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string' },
    info: {
      type: 'object',
      required: ['title', 'version'],
      properties: { title: { type: 'string' }, version: { type: 'string' } },
    },
    servers: {
      type: 'array',
      items: { type: 'object', required: ['url'], properties: { url: { type: 'string' } } },
    },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^(/|x-)' },
      patternProperties: { '^/': { $ref: '#/$defs/pathItem' } },
    },
    components: { type: 'object' },
    security: { type: 'array', items: { type: 'object' } },
  },
  $defs: { parameter: parameterDef, operation: operationDef, pathItem: pathItemDef },
};

let structureValidator: ReturnType<SchemaCompiler['compile']> | undefined;

export function lintStructure(document: unknown, emit: Emit): void {
  structureValidator ??= createCompiler({ coerce: false }).compile(OPENAPI_SUBSET);
  const validate = structureValidator;
  if (validate(document)) return;
  for (const e of validate.errors ?? []) {
    const params = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    let message = e.message ?? e.keyword;
    if (e.keyword === 'required') {
      pointer = joinPointer(pointer, String(params.missingProperty));
      message = `missing required field "${params.missingProperty}"`;
    } else if (e.keyword === 'propertyNames')
      continue; // reported by the pattern error beside it
    else if (e.keyword === 'pattern' && e.propertyName !== undefined) {
      pointer = joinPointer(pointer, e.propertyName);
      message = `"${e.propertyName}" is not a valid key here (expected ${params.pattern})`;
    }
    emit({ severity: 'error', rule: 'structure', pointer, message });
  }
}

/** operationIds present and unique; `{templated}` path segments declared as path parameters and vice versa. */
export function lintOperations(located: readonly LocatedOperation[], raw: unknown, emit: Emit): void {
  const seen = new Map<string, string>();
  for (const { spec, pointer } of located) {
    const rawOp = getAt(raw, parsePointer(pointer));
    const hasId = isRecord(rawOp) && typeof rawOp.operationId === 'string';
    if (!hasId) {
      emit({
        severity: 'warning',
        rule: 'operation-id',
        pointer,
        message: `${spec.method.toUpperCase()} ${spec.pathTemplate} has no operationId`,
      });
    } else {
      const first = seen.get(spec.operationId);
      if (first !== undefined) {
        emit({
          severity: 'error',
          rule: 'operation-id-unique',
          pointer: `${pointer}/operationId`,
          message: `duplicate operationId "${spec.operationId}" (first used at #${first})`,
        });
      } else seen.set(spec.operationId, pointer);
    }
    for (const [status, links] of Object.entries(spec.links)) {
      for (const [name, link] of Object.entries(links)) {
        if (located.some((l) => l.spec.operationId === link.operationId)) continue;
        emit({
          severity: 'error',
          rule: 'link-target',
          pointer: joinPointer(pointer, 'responses', status, 'links', name, 'operationId'),
          message: `link "${name}" names operationId "${link.operationId}", which no operation has`,
        });
      }
    }
    const templated = [...spec.pathTemplate.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
    const declared = spec.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    for (const name of templated) {
      if (!declared.includes(name)) {
        emit({
          severity: 'error',
          rule: 'path-params',
          pointer,
          message: `path parameter "{${name}}" is not declared in parameters`,
        });
      }
    }
    for (const name of declared) {
      if (!templated.includes(name)) {
        emit({
          severity: 'error',
          rule: 'path-params',
          pointer: `${pointer}/parameters`,
          message: `path parameter "${name}" does not appear in ${spec.pathTemplate}`,
        });
      }
    }
  }
}
