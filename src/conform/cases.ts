import { type ContractConventions, DEFAULT_AUTH_STATUS } from '../contract/extensions';
import type { JsonSchema, OperationSpec, ParameterSpec } from '../contract/types';
import { PacerError } from '../errors';
import { getPointer, setPointer } from './flow/expressions';
import { sampleDistinct } from './generate/distinct';
import { applyMutation, type Mutation, mutations, NOT_IN_ENUM } from './generate/negatives';
import type { Rng } from './generate/rng';
import { sampleValid } from './generate/sample-valid';
import { isObject, schemaAt } from './generate/schema-util';
import type { ConformCase } from './types';

export interface CaseOptions {
  rng: Rng;
  /** Validates a request body for the operation (the contract's validator); [] = valid. */
  validateBody(operationId: string, contentType: string, body: unknown): unknown[];
  /** Methods defined on each path template (for wrong-method cases). */
  methodsByPath: ReadonlyMap<string, readonly string[]>;
  /** Cap on negative body cases besides the missing-required ones. */
  maxOtherNegatives: number;
  /** Positive cases to send (destructive operations get one: the resource is gone after it). */
  positives: 'all' | 'one';
  /** Body fields flows fill in (a lockId): synthesised bodies must stay valid with them present. */
  boundBodyPointers: readonly string[];
  /** Add the wrong-method case of this operation's path (once per path template). */
  wrongMethod: boolean;
  /**
   * The contract's x-pacer-auth / x-pacer-error-shapes: the statuses negative cases expect (absent:
   * 401 for both auth cases, 400 for invalid input).
   */
  conventions?: ContractConventions;
}

/** HTTP's usual answer to invalid input, when the contract declares no validation status. */
const DEFAULT_VALIDATION_STATUS = 400;

export interface OperationCases {
  cases: ConformCase[];
  /** Negative bodies the validator still accepted (dropped; a generator blind spot). */
  dropped: number;
}

const SYNTH_ATTEMPTS = 12;
const METHOD_PREFERENCE = ['put', 'patch', 'post', 'delete', 'get'];

/** All cases of one operation, in send order: positives, then negatives, auth, unknown ids. */
export function generateCases(op: OperationSpec, opts: CaseOptions): OperationCases {
  const rng = opts.rng.fork(op.operationId);
  const media = jsonMedia(op);
  const invalidInput = opts.conventions?.errorShapes?.validation?.status ?? DEFAULT_VALIDATION_STATUS;
  const base = (suffix: string, kind: string, expectation: ConformCase['expectation']): ConformCase => ({
    id: `${op.operationId}/${expectation}/${suffix}`,
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    pathTemplate: op.pathTemplate,
    expectation,
    kind,
    keyLabel: 'primary',
    pathParams: sampleParams(op.parameters, 'path', rng, true),
    query: sampleParams(op.parameters, 'query', rng, false),
    protect: [],
  });
  const validBody = media ? synthesiseBody(op, media.type, media.schema, rng, opts) : undefined;
  const withBody = (c: ConformCase, body: unknown): ConformCase =>
    media ? { ...c, body, contentType: media.type } : c;

  const positives: ConformCase[] = [];
  const examples = media ? Object.entries(media.examples) : [];
  for (const [name, example] of examples) {
    positives.push(withBody(base(`example:${name}`, 'example', 'positive'), structuredClone(example)));
  }
  if (!media || validBody !== undefined)
    positives.push(withBody(base('synthesised', 'synthesised', 'positive'), validBody));
  const chosenPositives = opts.positives === 'one' ? positives.slice(0, 1) : positives;

  const negatives: ConformCase[] = [];
  let dropped = 0;
  if (media && validBody !== undefined) {
    const all = mutations(media.schema, validBody);
    const keep = [
      ...all.filter((m) => m.kind === 'missing-required'),
      ...roundRobin(
        all.filter((m) => m.kind !== 'missing-required'),
        opts.maxOtherNegatives,
      ),
    ];
    for (const m of keep) {
      const body = applyMutation(validBody, m);
      if (opts.validateBody(op.operationId, media.type, body).length === 0) {
        dropped++;
        continue;
      }
      negatives.push({
        ...withBody(base(m.label, m.kind, 'negative'), body),
        expectedStatus: invalidInput,
        protect: [`body:${m.pointer}`],
      });
    }
    negatives.push({
      ...base('malformed-json', 'malformed-json', 'negative'),
      bodyText: '{"pacer": ',
      contentType: media.type,
      expectedStatus: invalidInput,
      protect: ['body:'],
    });
    negatives.push({
      ...base('wrong-content-type', 'wrong-content-type', 'negative'),
      bodyText: JSON.stringify(validBody),
      contentType: 'text/plain',
      protect: ['body:'],
    });
  }
  negatives.push(...parameterNegatives(op, base, invalidInput, validBody, media?.type));

  const auth: ConformCase[] = [];
  if (op.requiresApiKey) {
    for (const [kind, keyLabel, side] of [
      ['auth-missing', 'none', 'missing'],
      ['auth-wrong', 'wrong', 'wrong'],
    ] as const) {
      const answer = opts.conventions?.auth[side];
      // labelled by the declared body marker (the Partner API's xo1/xo2) when there is one
      const label = answer?.bodyContains ?? `${side}-key`;
      auth.push({
        ...withBody(base(label, kind, 'negative'), validBody),
        keyLabel,
        expectedStatus: answer?.status ?? DEFAULT_AUTH_STATUS,
      });
    }
  }
  const unknown = unknownIdCases(op, base, withBody, validBody, rng);
  const methods = opts.methodsByPath.get(op.pathTemplate) ?? [op.method];
  const wrong = opts.wrongMethod ? METHOD_PREFERENCE.find((m) => !methods.includes(m)) : undefined;
  if (wrong)
    unknown.push({
      ...base(`wrong-method:${wrong.toUpperCase()}`, 'wrong-method', 'negative'),
      method: wrong.toUpperCase(),
      expectedStatus: 405,
    });
  const cases =
    opts.positives === 'one'
      ? [...negatives, ...auth, ...unknown, ...chosenPositives]
      : [...chosenPositives, ...negatives, ...auth, ...unknown];
  return { cases, dropped };
}

export function jsonMedia(
  op: OperationSpec,
): { type: string; schema: JsonSchema; examples: Record<string, unknown> } | undefined {
  const content = op.requestBody?.content ?? {};
  const type = Object.keys(content).find((t) => /json/i.test(t));
  if (!type) return undefined;
  return { type, schema: content[type].schema, examples: content[type].examples };
}

/**
 * A schema-valid body. Rules between fields are the contract's to state (oneOf / if-then for
 * which network a currency runs on, `x-pacer-relations` for what JSON Schema cannot compare), so
 * the generator follows the schema only; the validator has the last word on each draw.
 */
function synthesiseBody(
  op: OperationSpec,
  type: string,
  schema: JsonSchema,
  rng: Rng,
  opts: CaseOptions,
): unknown {
  for (let attempt = 0; attempt < SYNTH_ATTEMPTS; attempt++) {
    try {
      let body = sampleValid(schema, rng, { optionalRate: attempt < SYNTH_ATTEMPTS / 2 ? 1 : 0.5 });
      for (const pointer of opts.boundBodyPointers) {
        const field = schemaAt(schema, pointer);
        if (field && getPointer(body, pointer) === undefined)
          body = setPointer(body, pointer, sampleValid(field, rng));
      }
      if (opts.validateBody(op.operationId, type, body).length === 0) return body;
    } catch (err) {
      // A malformed pacer hint in the contract is reported; a branch that could not be drawn is drawn again.
      if (err instanceof PacerError) throw err;
    }
  }
  return undefined;
}

function sampleParams(
  params: readonly ParameterSpec[],
  location: ParameterSpec['in'],
  rng: Rng,
  all: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) {
    if (p.in !== location || (!p.required && !all && !rng.bool(0.5))) continue;
    out[p.name] = paramString(p.example !== undefined ? p.example : sampleValid(p.schema, rng));
  }
  return out;
}

function paramString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function roundRobin(list: readonly Mutation[], cap: number): Mutation[] {
  const byKind = new Map<string, Mutation[]>();
  for (const m of list) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m]);
  const out: Mutation[] = [];
  while (out.length < cap && [...byKind.values()].some((l) => l.length > 0)) {
    for (const l of byKind.values()) {
      const next = l.shift();
      if (next && out.length < cap) out.push(next);
    }
  }
  return out;
}

type Base = (suffix: string, kind: string, expectation: ConformCase['expectation']) => ConformCase;

function parameterNegatives(
  op: OperationSpec,
  base: Base,
  invalidInput: number,
  body: unknown,
  contentType?: string,
): ConformCase[] {
  const out: ConformCase[] = [];
  const attach = (c: ConformCase): ConformCase =>
    body !== undefined && contentType ? { ...c, body, contentType } : c;
  for (const p of op.parameters) {
    if (p.in === 'query' && p.required) {
      const c = base(`query-missing:${p.name}`, 'query-missing', 'negative');
      const { [p.name]: _gone, ...query } = c.query;
      out.push(attach({ ...c, query, expectedStatus: invalidInput, protect: [`query:${p.name}`] }));
    }
    if (p.in === 'query' || p.in === 'path') {
      const bad = invalidParamValue(p.schema);
      if (bad === undefined) continue;
      const kind = p.in === 'query' ? 'query-invalid' : 'path-invalid';
      const c = base(`${kind}:${p.name}`, kind, 'negative');
      const target =
        p.in === 'query'
          ? { query: { ...c.query, [p.name]: bad } }
          : { pathParams: { ...c.pathParams, [p.name]: bad } };
      out.push(attach({ ...c, ...target, protect: [`${p.in}:${p.name}`] }));
    }
  }
  return out;
}

/** A wire value the parameter schema refuses, or undefined when any string would do. */
function invalidParamValue(schema: JsonSchema): string | undefined {
  if (!isObject(schema)) return undefined;
  if (Array.isArray(schema.enum)) return NOT_IN_ENUM;
  if (schema.type === 'integer' || schema.type === 'number') return 'not-a-number';
  if (schema.type === 'boolean') return 'maybe';
  if (schema.format === 'uuid') return 'not-a-uuid';
  if (typeof schema.pattern === 'string') {
    try {
      const re = new RegExp(schema.pattern, 'u');
      return ['!', '#pacer#', 'zz'].find((c) => !re.test(c));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function unknownIdCases(
  op: OperationSpec,
  base: Base,
  withBody: (c: ConformCase, body: unknown) => ConformCase,
  body: unknown,
  rng: Rng,
): ConformCase[] {
  const out: ConformCase[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    const c = base(`unknown-id:${p.name}`, 'unknown-id', 'negative');
    const value = paramString(sampleDistinct(p.schema, rng.fork(`unknown:${p.name}`)));
    out.push({
      ...withBody({ ...c, pathParams: { ...c.pathParams, [p.name]: value } }, body),
      protect: [`path:${p.name}`],
    });
  }
  return out;
}
