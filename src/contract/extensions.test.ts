import { describe, expect, it } from 'vitest';
import {
  DEPENDS_ON,
  isRuntimeExpression,
  parseRelations,
  RELATIONS,
  readDependsOn,
  readSchemaRelations,
  resolveBindTarget,
} from './extensions';
import { schemaAtPath } from './schema-path';
import type { OperationSpec } from './types';

const lockSchema = {
  allOf: [{ type: 'object', properties: { lockId: { type: 'string' } } }],
  oneOf: [
    { properties: { source: { type: 'object', properties: { iban: { type: 'string' } } } } },
    { properties: { wallet: { type: 'string' } } },
  ],
  properties: {
    items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
  },
};

function operation(
  extensions: Record<string, unknown> = {},
  over: Partial<OperationSpec> = {},
): OperationSpec {
  return {
    operationId: 'createOrder',
    method: 'post',
    pathTemplate: '/v1/users/{userId}/orders',
    summary: '',
    tags: [],
    provenance: { kind: 'documented' },
    requiresApiKey: true,
    parameters: [
      { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } },
      { name: 'session', in: 'cookie', required: false, schema: { type: 'string' } },
    ],
    requestBody: { required: true, content: { 'application/json': { schema: lockSchema, examples: {} } } },
    responses: {},
    extensions,
    links: {},
    ...over,
  };
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema, examples: {} } });
/** Producers: a lock answering {lockId, amount} with a Location header; a user taking {externalUserId}. */
const producers = new Map<string, OperationSpec>([
  [
    'createLock',
    operation(
      {},
      {
        operationId: 'createLock',
        parameters: [],
        responses: {
          '201': {
            status: '201',
            description: '',
            headers: { Location: { required: true, schema: { type: 'string' } } },
            content: json({ properties: { lockId: { type: 'string' }, amount: { type: 'number' } } }),
          },
          '400': { status: '400', description: '', headers: {}, content: json({ properties: { code: {} } }) },
        },
      },
    ),
  ],
  [
    'createUser',
    operation(
      {},
      {
        operationId: 'createUser',
        parameters: [{ name: 'tenant', in: 'query', required: false, schema: {} }],
        requestBody: {
          required: true,
          content: json({ properties: { externalUserId: { type: 'string' } } }),
        },
      },
    ),
  ],
]);
const known = (id: string) => producers.get(id);
const AT = '/paths/~1v1~1orders/post/x-pacer-depends-on';

describe('resolveBindTarget', () => {
  it.each([
    ['userId', { in: 'path', name: 'userId' }],
    ['path.userId', { in: 'path', name: 'userId' }],
    ['query.dryRun', { in: 'query', name: 'dryRun' }],
    ['body#/lockId', { in: 'body', name: '/lockId' }],
    ['$request.body#/source/iban', { in: 'body', name: '/source/iban' }],
    ['/wallet', { in: 'body', name: '/wallet' }],
    ['body.source.iban', { in: 'body', name: '/source/iban' }],
    ['body#/items/0/sku', { in: 'body', name: '/items/0/sku' }],
    ['lockId', { in: 'body', name: '/lockId' }],
  ])('%s is %o', (key, target) => {
    expect(resolveBindTarget(operation(), key)).toEqual(target);
  });

  it.each([
    'query.userId', // a path parameter, not a query one
    'header.userId',
    'session', // cookies are never bound
    'body#/colour',
    'body#/source/bic',
    'body#/items/x/sku',
    'colour',
  ])('%s is no target', (key) => {
    expect(resolveBindTarget(operation(), key)).toBeNull();
  });

  it('a body field of an operation without a request body is no target', () => {
    const op = { ...operation(), requestBody: undefined };
    expect(resolveBindTarget(op, 'body#/lockId')).toBeNull();
    expect(resolveBindTarget(op, 'userId')).toEqual({ in: 'path', name: 'userId' });
  });
});

describe('schemaAtPath', () => {
  it('looks through allOf/oneOf branches, array items and an additionalProperties schema', () => {
    expect(schemaAtPath(lockSchema, ['source', 'iban'])).toEqual([{ type: 'string' }]);
    expect(schemaAtPath(lockSchema, ['items', '3', 'sku'])).toEqual([{ type: 'string' }]);
    expect(schemaAtPath({ additionalProperties: { type: 'integer' } }, ['any'])).toEqual([
      { type: 'integer' },
    ]);
    expect(schemaAtPath({ additionalProperties: true }, ['any'])).toEqual([]);
    expect(schemaAtPath(lockSchema, [])).toEqual([lockSchema]);
    const flags = { properties: { any: true, none: false } };
    expect(schemaAtPath(flags, ['any'])).toEqual([{}]);
    expect(schemaAtPath(flags, ['none'])).toEqual([]);
    expect(schemaAtPath(flags, ['toString'])).toEqual([]);
  });
});

describe('isRuntimeExpression', () => {
  it.each([
    '$response.body#/lockId',
    '{$response.body#/lockId}',
    '$response.body',
    '$request.body#/externalUserId',
    '$request.path.userId',
    '$request.query.page',
    '$response.header.Location',
    '$statusCode',
  ])('%s is one', (text) => expect(isRuntimeExpression(text)).toBe(true));

  it.each([
    '#/lockId',
    'lockId',
    '$response.body#lockId',
    '$response.path.id',
    '$request.header.X-Api-Key',
    '$url',
    '$method',
    '$request.path.',
  ])('%s is not one', (text) => expect(isRuntimeExpression(text)).toBe(false));
});

describe('readDependsOn', () => {
  it('no extension: nothing, no problem', () => {
    expect(readDependsOn(operation(), known, AT)).toEqual({ value: [], problems: [] });
  });

  it('keeps the good binds of an entry and names each bad one by pointer', () => {
    const op = operation({
      [DEPENDS_ON]: [
        {
          operationId: 'createLock',
          bind: {
            'body#/lockId': '$response.body#/lockId',
            userId: '$request.path.userId',
            'body#/colour': '$response.body#/colour',
            'body#/wallet': 42,
          },
        },
      ],
    });
    const { value, problems } = readDependsOn(op, known, AT);
    expect(value).toEqual([
      {
        producer: 'createLock',
        target: { in: 'body', name: '/lockId' },
        expression: '$response.body#/lockId',
        pointer: `${AT}/0/bind/body#~1lockId`,
      },
      {
        producer: 'createLock',
        target: { in: 'path', name: 'userId' },
        expression: '$request.path.userId',
        pointer: `${AT}/0/bind/userId`,
      },
    ]);
    expect(problems).toEqual([
      {
        severity: 'warning',
        pointer: `${AT}/0/bind/userId`,
        message: 'x-pacer-depends-on: $request.path.userId: createLock has no path parameter userId',
      },
      {
        severity: 'error',
        pointer: `${AT}/0/bind/body#~1colour`,
        message:
          'x-pacer-depends-on: target "body#/colour" is neither a parameter of createOrder nor body#/<pointer> to a field of its request body',
      },
      {
        severity: 'error',
        pointer: `${AT}/0/bind/body#~1wallet`,
        message: expect.stringMatching(/^x-pacer-depends-on: 42 is not a runtime expression/),
      },
    ]);
  });

  it('drops malformed entries and unknown producers, each with the pointer an author looks at', () => {
    const op = operation({
      [DEPENDS_ON]: [
        'createLock',
        { bind: { lockId: '$response.body#/lockId' } },
        { operationId: 'createLocks', bind: { lockId: '$response.body#/lockId' } },
        { operationId: 'createLock' },
        { operationId: 'createLock', bind: {} },
        { operationId: 'createUser', bind: { userId: '$request.body#/externalUserId' }, binds: {} },
      ],
    });
    const { value, problems } = readDependsOn(op, known, AT);
    expect(value.map((b) => [b.producer, b.target.name])).toEqual([['createUser', 'userId']]);
    expect(
      problems.map((p) => [p.pointer.slice(AT.length), p.message.replace(`${DEPENDS_ON}: `, '')]),
    ).toEqual([
      ['/0', 'entry 0 must be {operationId, bind}'],
      ['/1', 'entry 1: operationId must be a non-empty string'],
      ['/2/operationId', 'entry 2: no operation has operationId "createLocks"'],
      ['/3', 'entry 3: bind must be a non-empty map {<target>: <runtime expression>}'],
      ['/4/bind', 'entry 4: bind must be a non-empty map {<target>: <runtime expression>}'],
      ['/5/binds', 'entry 5: unknown key "binds" (only operationId and bind)'],
    ]);
  });

  it('an expression reading what the producer does not document is a warning; the bind is kept', () => {
    const bind = {
      'body#/lockId': '$response.body#/lockId',
      'body#/wallet': '{$response.header.location}',
      'query.dryRun': '$statusCode',
      'body#/source': '$response.body',
      'body#/items/0/sku': '$request.query.tenant',
      'body#/source/iban': '$response.body#/lockld',
      userId: '$response.header.Etag',
    };
    const a = readDependsOn(operation({ [DEPENDS_ON]: [{ operationId: 'createLock', bind }] }), known, AT);
    expect(a.value.map((b) => b.target.name)).toEqual([
      '/lockId',
      '/wallet',
      'dryRun',
      '/source',
      '/items/0/sku',
      '/source/iban',
      'userId',
    ]);
    expect(a.problems.map((p) => [p.severity, p.message.replace(`${DEPENDS_ON}: `, '')])).toEqual([
      ['warning', '$request.query.tenant: createLock has no query parameter tenant'],
      ['warning', '$response.body#/lockld: no 2xx response of createLock declares /lockld'],
      ['warning', '$response.header.Etag: no 2xx response of createLock declares the header Etag'],
    ]);
    const user = {
      'body#/lockId': '$request.body#/externalUserId',
      userId: '$request.body#/userId',
      'query.dryRun': '$request.query.tenant',
    };
    const b = readDependsOn(
      operation({ [DEPENDS_ON]: [{ operationId: 'createUser', bind: user }] }),
      known,
      AT,
    );
    expect(b.value).toHaveLength(3);
    expect(b.problems.map((p) => p.message)).toEqual([
      'x-pacer-depends-on: $request.body#/userId: the request body of createUser declares no /userId',
    ]);
  });

  it('a value that is not a list is one problem at the extension', () => {
    const op = operation({ [DEPENDS_ON]: { operationId: 'createLock', bind: {} } });
    expect(readDependsOn(op, known, AT)).toEqual({
      value: [],
      problems: [{ severity: 'error', pointer: AT, message: expect.stringContaining('must be a list') }],
    });
  });
});

describe('parseRelations / readSchemaRelations', () => {
  it('parses pointers to properties, unescaping ~1 and ~0', () => {
    expect(parseRelations(undefined)).toEqual({ value: [], problems: [] });
    expect(parseRelations([{ lessOrEqual: ['/a', '/b~1c~0d'] }]).value).toEqual([
      { lessOrEqual: ['a', 'b/c~d'] },
    ]);
  });

  it('reports each malformed entry at its pointer and keeps the good ones', () => {
    const { value, problems } = parseRelations(
      [
        { lessOrEqual: ['/a', '/b'] },
        { lessOrEqual: ['/a'] },
        { lessOrEqual: ['a', '/b/c'] },
        { lessOrEqual: ['/a', '/b'], greaterThan: ['/a', '/b'] },
        'lessOrEqual',
      ],
      '/s/x-pacer-relations',
    );
    expect(value).toEqual([{ lessOrEqual: ['a', 'b'] }]);
    expect(problems).toEqual([
      {
        severity: 'error',
        pointer: '/s/x-pacer-relations/1',
        message: 'x-pacer-relations: entry 1 must be {lessOrEqual: [pointer, pointer]}',
      },
      {
        severity: 'error',
        pointer: '/s/x-pacer-relations/2/lessOrEqual/0',
        message: 'x-pacer-relations: entry 2: "a" is not a pointer to a property of this object ("/name")',
      },
      {
        severity: 'error',
        pointer: '/s/x-pacer-relations/2/lessOrEqual/1',
        message: 'x-pacer-relations: entry 2: "/b/c" is not a pointer to a property of this object ("/name")',
      },
      {
        severity: 'error',
        pointer: '/s/x-pacer-relations/3',
        message: 'x-pacer-relations: entry 3 must be {lessOrEqual: [pointer, pointer]}',
      },
      {
        severity: 'error',
        pointer: '/s/x-pacer-relations/4',
        message: 'x-pacer-relations: entry 4 must be {lessOrEqual: [pointer, pointer]}',
      },
    ]);
    expect(parseRelations({ lessOrEqual: ['/a', '/b'] }, '/s').problems).toEqual([
      {
        severity: 'error',
        pointer: '/s',
        message: 'x-pacer-relations: must be an array of {lessOrEqual: [pointer, pointer]}',
      },
    ]);
  });

  it('a side that is no property of the schema (nor of its allOf/oneOf parts) is a problem; the rest stay', () => {
    const schema = {
      allOf: [{ properties: { daily: { type: 'integer' }, monthly: { type: 'integer' } } }],
      [RELATIONS]: [
        { lessOrEqual: ['/daily', '/monthly'] },
        { lessOrEqual: ['/daily', '/yearly'] },
        { lessOrEqual: ['/hourly', '/daily'] },
      ],
    };
    const { value, problems } = readSchemaRelations(schema, '/components/schemas/Limits');
    expect(value).toEqual([{ lessOrEqual: ['daily', 'monthly'] }]);
    expect(problems).toEqual([
      {
        severity: 'error',
        pointer: '/components/schemas/Limits/x-pacer-relations/1/lessOrEqual/1',
        message: 'x-pacer-relations: entry 1: "yearly" is not a property of this schema',
      },
      {
        severity: 'error',
        pointer: '/components/schemas/Limits/x-pacer-relations/2/lessOrEqual/0',
        message: 'x-pacer-relations: entry 2: "hourly" is not a property of this schema',
      },
    ]);
  });

  it('entry numbers stay those of the list when an earlier entry is malformed', () => {
    const schema = {
      properties: { a: {}, b: {} },
      [RELATIONS]: [{ lessOrEqual: ['a'] }, { lessOrEqual: ['/a', '/c'] }],
    };
    expect(readSchemaRelations(schema, '').problems.map((p) => p.pointer)).toEqual([
      '/x-pacer-relations/0',
      '/x-pacer-relations/1/lessOrEqual/1',
    ]);
  });
});
