import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { loadContract, loadContractSync } from './load';

const fixture = (name: string) => `test-data/contracts/${name}`;

async function loadError(file: string): Promise<PacerError> {
  try {
    await loadContract(file);
  } catch (err) {
    if (err instanceof PacerError) return err;
    throw err;
  }
  throw new Error(`${file} loaded without error`);
}

describe('loadContract on the good fixture', async () => {
  const contract = await loadContract(fixture('good.yaml'));

  it('indexes operations with their spec details', () => {
    expect(contract.title).toBe('Fixture API');
    expect(contract.version).toBe('1.0.0');
    expect(contract.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(contract.operations.map((o) => o.operationId)).toEqual([
      'getMe',
      'getUser',
      'deleteUser',
      'createUser',
      'getFile',
      'tildePath',
    ]);
    const getUser = contract.byId.get('getUser');
    // the path-level parameter is merged in, the $ref followed
    expect(getUser?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:userId',
      'query:verbose',
      'header:x-request-id',
    ]);
    expect(getUser?.parameters[0]).toMatchObject({ required: true, example: 'u_42' });
    expect(contract.byId.get('getMe')?.provenance).toEqual({
      kind: 'documented',
      source: 'https://docs.example.test/me',
    });
    expect(contract.byId.get('deleteUser')?.provenance.kind).toBe('inferred');
    expect(contract.byId.get('getMe')?.requiresApiKey).toBe(true);
    expect(contract.byId.get('createUser')?.requiresApiKey).toBe(false);
    expect(contract.byId.get('createUser')?.requestBody?.content['application/json'].examples).toEqual({
      minimal: { name: 'Ann', amount: '10.50' },
      shared: { name: 'Bob', amount: '1' },
    });
    expect(contract.byId.get('getMe')?.extensions['x-provenance']).toBeDefined();
    // x-* keys of the Paths and Responses objects are extensions, not paths or statuses
    expect(Object.keys(contract.byId.get('tildePath')?.responses ?? {})).toEqual(['200', '401', '429']);
  });

  it('resolves every $ref in the document', () => {
    expect(JSON.stringify(contract.document)).not.toContain('$ref');
  });

  it('responseFor resolves exact status, then a range, then default', () => {
    expect(contract.responseFor('getUser', 200)?.status).toBe('200');
    expect(contract.responseFor('getUser', 404)?.status).toBe('4XX');
    expect(contract.responseFor('getUser', 429)?.status).toBe('429');
    expect(contract.responseFor('getUser', 500)).toBeUndefined();
    expect(contract.responseFor('deleteUser', 500)?.status).toBe('default');
    expect(contract.responseFor('deleteUser', 400)?.status).toBe('400');
    expect(contract.responseFor('nope', 200)).toBeUndefined();
  });

  it('matches request paths to operations', () => {
    expect(contract.match('GET', '/v1/a~b/5')).toMatchObject({
      operation: { operationId: 'tildePath' },
      params: { id: '5' },
    });
    expect(contract.match('PATCH', '/v1/users/u_1')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['get', 'delete'],
    });
  });

  it('validates request bodies: a good body passes, a bad one names each fault', () => {
    const v = contract.validators;
    expect(v.requestBody('createUser', 'application/json', { name: 'Ann', amount: '0.12345678' })).toEqual(
      [],
    );
    const issues = v.requestBody('createUser', 'application/json; charset=utf-8', {
      name: '',
      amount: '1.123456789',
      x: 1,
    });
    expect(issues.map((i) => [i.instancePath, i.keyword])).toEqual([
      ['', 'additionalProperties'],
      ['/name', 'minLength'],
      ['/amount', 'pattern'],
    ]);
    expect(issues[2]).toMatchObject({ schemaPath: '#/properties/amount/pattern', value: '1.123456789' });
    expect(v.requestBody('createUser', 'text/plain', 'x')[0].keyword).toBe('content-type');
    expect(v.requestBody('createUser', 'application/json', undefined)[0].keyword).toBe('required');
  });

  it('validates response bodies through the status range and reports undocumented ones', () => {
    const v = contract.validators;
    expect(v.responseBody('getUser', 404, 'application/json', { errorCode: 'P428' })).toEqual([]);
    expect(v.responseBody('getUser', 404, 'application/json', { errorCode: 428 })).toMatchObject([
      { instancePath: '/errorCode', keyword: 'type', value: 428 },
    ]);
    expect(v.responseBody('getUser', 500, 'application/json', {})).toBe('undocumented-status');
    expect(v.responseBody('getUser', 200, 'text/html', '<p>')).toBe('undocumented-content-type');
    expect(v.responseBody('deleteUser', 204, '', undefined)).toEqual([]);
    expect(v.responseBody('getFile', 200, 'application/octet-stream', 'bytes')).toEqual([]);
  });

  it('validates response headers as strings coerced per schema', () => {
    const v = contract.validators;
    const good = {
      'X-RateLimit-Limit': '300',
      'x-ratelimit-remaining': '0',
      'X-RATELIMIT-RESET': '1678886400',
    };
    expect(v.responseHeaders('getMe', 200, good)).toEqual([]);
    const bad = v.responseHeaders('getMe', 200, {
      'X-RateLimit-Limit': '300',
      'X-RateLimit-Remaining': 'lots',
    });
    expect(bad).toEqual([
      expect.objectContaining({
        keyword: 'required',
        instancePath: '/x-ratelimit-reset',
        message: 'missing required header X-RateLimit-Reset',
      }),
      expect.objectContaining({ keyword: 'type', instancePath: '/x-ratelimit-remaining', value: 'lots' }),
    ]);
    expect(v.responseHeaders('getMe', 429, { ...good })).toEqual([
      expect.objectContaining({ message: 'missing required header Retry-After' }),
    ]);
  });

  it('validates parameters per location with string coercion', () => {
    const v = contract.validators;
    expect(v.parameters('getUser', 'query', { verbose: 'true' })).toEqual([]);
    expect(v.parameters('getUser', 'query', { verbose: 'yes' })).toMatchObject([
      { instancePath: '/verbose', keyword: 'type', value: 'yes' },
    ]);
    expect(v.parameters('getUser', 'path', { userId: 'u_9' })).toEqual([]);
    expect(v.parameters('getUser', 'path', { userId: 'bad id' })[0].keyword).toBe('pattern');
    expect(v.parameters('getUser', 'path', {})[0].keyword).toBe('required');
    expect(v.parameters('tildePath', 'path', { id: '0' })[0].keyword).toBe('minimum');
    expect(v.parameters('getUser', 'header', { 'X-Request-Id': 'not-a-uuid' })[0].keyword).toBe('format');
    expect(v.parameters('getMe', 'query', { anything: 'x' })).toEqual([]);
  });

  it('validates any schema by pointer', () => {
    const v = contract.validators;
    expect(
      v.schema('#/components/schemas/RateLimitError', {
        error: 'x',
        message: 'y',
        retry_after: 60,
        limit: 300,
        window: '1 minute',
      }),
    ).toEqual([]);
    expect(v.schema('#/components/schemas/RateLimitError', { error: 'x' })).toHaveLength(4);
    expect(() => v.schema('#/components/schemas/Nope', {})).toThrow(PacerError);
    expect(() => v.requestBody('nope', 'application/json', {})).toThrow(/unknown operationId/);
  });

  it('returns the same compiled contract for the same unchanged file', () => {
    expect(loadContractSync(fixture('good.yaml'))).toBe(contract);
  });
});

describe('loadContract errors', () => {
  it('names a missing file', async () => {
    const err = await loadError(fixture('does-not-exist.yaml'));
    expect(err.code).toBe('PACER_ERR_FILE');
    expect(err.toLine()).toBe('test-data/contracts/does-not-exist.yaml: file not found');
  });

  it('names the line of malformed YAML', async () => {
    const err = await loadError(fixture('malformed.yaml'));
    expect(err.code).toBe('PACER_ERR_PARSE');
    expect(err.context.line).toBe(10);
    expect(err.message).toMatch(/^malformed YAML: Flow sequence/);
  });

  it('refuses OpenAPI 3.0 with the line of the version', async () => {
    const err = await loadError(fixture('openapi-30.yaml'));
    expect(err.code).toBe('PACER_ERR_CONTRACT_INVALID');
    expect(err.context).toMatchObject({ pointer: '/openapi', line: 2 });
    expect(err.message).toMatch(/3\.0\.3 is not supported; pacer needs 3\.1\.x/);
  });

  it('names an unresolvable $ref by pointer and line', async () => {
    const err = await loadError(fixture('bad-ref.yaml'));
    expect(err.context).toMatchObject({
      pointer: '/paths/~1v1~1things~1{id}/get/responses/200/content/application~1json/schema/$ref',
      line: 18,
    });
    expect(err.message).toContain('#/components/schemas/Thingy');
  });

  it('refuses a $ref cycle', async () => {
    const err = await loadError(fixture('ref-cycle.yaml'));
    expect(err.message).toMatch(/^\$ref cycle: /);
    expect(err.context.line).toBe(49);
  });

  it('refuses duplicate operationIds', async () => {
    const err = await loadError(fixture('duplicate-operation-id.yaml'));
    expect(err.message).toBe('duplicate operationId "getThing"');
    expect(err.context).toMatchObject({ pointer: '/paths/~1v1~1other/get/operationId', line: 35 });
  });

  it('names a schema that does not compile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacer-contract-'));
    const file = join(dir, 'bad-schema.yaml');
    writeFileSync(
      file,
      [
        'openapi: 3.1.1',
        'info: { title: t, version: "1" }',
        'paths:',
        '  /x:',
        '    get:',
        '      operationId: x',
        '      responses:',
        "        '200':",
        '          description: ok',
        '          content:',
        '            application/json:',
        '              schema: { type: wibble }',
        '',
      ].join('\n'),
    );
    const err = await loadError(file);
    expect(err.code).toBe('PACER_ERR_CONTRACT_INVALID');
    expect(err.context).toMatchObject({
      pointer: '/paths/~1x/get/responses/200/content/application~1json/schema',
      line: 12,
    });
  });
});
