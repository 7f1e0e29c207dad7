import { isRecord, joinPointer } from './pointer';
import type {
  HeaderSpec,
  HttpMethod,
  JsonSchema,
  MediaSpec,
  OperationSpec,
  ParameterSpec,
  ResponseSpec,
} from './types';

export const HTTP_METHODS: readonly HttpMethod[] = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];

/** An operation plus where it is written in the source, for errors that must name a line. */
export interface LocatedOperation {
  spec: OperationSpec;
  /** Pointer of the operation object, e.g. `/paths/~1v1~1users/get`. */
  pointer: string;
}

const asRecord = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const asSchema = (value: unknown): JsonSchema => (isRecord(value) || typeof value === 'boolean' ? value : {});

/** Builds operation specs from a `$ref`-resolved document. Operations without an operationId get `METHOD path`. */
export function buildOperations(document: Record<string, unknown>): LocatedOperation[] {
  const out: LocatedOperation[] = [];
  const schemes = asRecord(asRecord(document.components).securitySchemes);
  const rootSecurity = document.security;
  for (const [path, rawItem] of Object.entries(asRecord(document.paths))) {
    if (!path.startsWith('/')) continue; // `x-*` extensions of the Paths object
    const item = asRecord(rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      const pointer = joinPointer('/paths', path, method);
      out.push({ pointer, spec: buildOperation(op, method, path, shared, schemes, rootSecurity) });
    }
  }
  return out;
}

function buildOperation(
  op: Record<string, unknown>,
  method: HttpMethod,
  pathTemplate: string,
  sharedParameters: unknown[],
  schemes: Record<string, unknown>,
  rootSecurity: unknown,
): OperationSpec {
  const responses: Record<string, ResponseSpec> = {};
  const links: OperationSpec['links'] = {};
  for (const [status, raw] of Object.entries(asRecord(op.responses))) {
    if (status.startsWith('x-')) continue;
    const response = asRecord(raw);
    responses[status] = {
      status,
      description: typeof response.description === 'string' ? response.description : '',
      headers: buildHeaders(asRecord(response.headers)),
      content: buildContent(response.content),
    };
    const responseLinks = buildLinks(asRecord(response.links));
    if (Object.keys(responseLinks).length > 0) links[status] = responseLinks;
  }
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(op)) if (key.startsWith('x-')) extensions[key] = value;
  const body = isRecord(op.requestBody) ? op.requestBody : undefined;
  return {
    operationId:
      typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${pathTemplate}`,
    method,
    pathTemplate,
    summary: typeof op.summary === 'string' ? op.summary : '',
    tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
    provenance: buildProvenance(op['x-provenance']),
    requiresApiKey: requiresApiKey(op.security ?? rootSecurity, schemes),
    parameters: mergeParameters(sharedParameters, Array.isArray(op.parameters) ? op.parameters : []),
    ...(body
      ? { requestBody: { required: body.required === true, content: buildContent(body.content) } }
      : {}),
    responses,
    extensions,
    links,
  };
}

/** Operation-level parameters override path-level ones with the same name and location. */
function mergeParameters(shared: unknown[], own: unknown[]): ParameterSpec[] {
  const byKey = new Map<string, ParameterSpec>();
  for (const raw of [...shared, ...own]) {
    const p = asRecord(raw);
    if (typeof p.name !== 'string' || !['path', 'query', 'header', 'cookie'].includes(p.in as string))
      continue;
    const location = p.in as ParameterSpec['in'];
    const spec: ParameterSpec = {
      name: p.name,
      in: location,
      required: location === 'path' || p.required === true,
      schema: p.schema !== undefined ? asSchema(p.schema) : firstContentSchema(p.content),
    };
    const example = p.example !== undefined ? p.example : firstExample(p.examples);
    if (example !== undefined) spec.example = example;
    byKey.set(`${location}:${location === 'header' ? p.name.toLowerCase() : p.name}`, spec);
  }
  return [...byKey.values()];
}

function buildHeaders(raw: Record<string, unknown>): Record<string, HeaderSpec> {
  const out: Record<string, HeaderSpec> = {};
  for (const [name, value] of Object.entries(raw)) {
    // OpenAPI: a Content-Type response header definition is ignored.
    if (name.toLowerCase() === 'content-type') continue;
    const header = asRecord(value);
    out[name] = {
      required: header.required === true,
      schema: header.schema !== undefined ? asSchema(header.schema) : firstContentSchema(header.content),
    };
  }
  return out;
}

function buildContent(raw: unknown): Record<string, MediaSpec> {
  const out: Record<string, MediaSpec> = {};
  for (const [type, value] of Object.entries(asRecord(raw))) {
    const media = asRecord(value);
    const examples: Record<string, unknown> = {};
    if (media.example !== undefined) examples.default = media.example;
    for (const [name, example] of Object.entries(asRecord(media.examples))) {
      const ex = asRecord(example);
      if (ex.value !== undefined) examples[name] = ex.value;
    }
    out[type] = { schema: media.schema !== undefined ? asSchema(media.schema) : true, examples };
  }
  return out;
}

function firstContentSchema(content: unknown): JsonSchema {
  const first = Object.values(asRecord(content))[0];
  return isRecord(first) && first.schema !== undefined ? asSchema(first.schema) : true;
}

function firstExample(examples: unknown): unknown {
  for (const example of Object.values(asRecord(examples))) {
    if (isRecord(example) && example.value !== undefined) return example.value;
  }
  return undefined;
}

function buildLinks(raw: Record<string, unknown>): Record<string, OperationSpec['links'][string][string]> {
  const out: Record<string, OperationSpec['links'][string][string]> = {};
  for (const [name, value] of Object.entries(raw)) {
    const link = asRecord(value);
    if (typeof link.operationId !== 'string') continue;
    const parameters: Record<string, string> = {};
    for (const [key, expr] of Object.entries(asRecord(link.parameters))) parameters[key] = String(expr);
    out[name] = {
      operationId: link.operationId,
      parameters,
      ...(link.requestBody !== undefined ? { requestBody: link.requestBody } : {}),
    };
  }
  return out;
}

function buildProvenance(raw: unknown): OperationSpec['provenance'] {
  const kinds = ['documented', 'inferred', 'partial'] as const;
  type Kind = (typeof kinds)[number];
  const isKind = (v: unknown): v is Kind => typeof v === 'string' && (kinds as readonly string[]).includes(v);
  if (isKind(raw)) return { kind: raw };
  if (!isRecord(raw)) return { kind: 'inferred' };
  const kindValue = raw.kind ?? raw.status;
  const out: OperationSpec['provenance'] = { kind: isKind(kindValue) ? kindValue : 'inferred' };
  const source = raw.source ?? raw.url;
  if (typeof source === 'string') out.source = source;
  else if (Array.isArray(source)) out.source = source.map(String).join(' ');
  if (typeof raw.note === 'string') out.note = raw.note;
  return out;
}

/** True when every alternative security requirement involves an apiKey scheme (`[]` or `{}` = anonymous allowed). */
function requiresApiKey(security: unknown, schemes: Record<string, unknown>): boolean {
  if (!Array.isArray(security) || security.length === 0) return false;
  return security.every(
    (requirement) =>
      isRecord(requirement) &&
      Object.keys(requirement).some((name) => asRecord(schemes[name]).type === 'apiKey'),
  );
}
