import { describe, expect, it } from 'vitest';
import { createMatcher } from './matcher';
import type { HttpMethod, OperationSpec } from './types';

const op = (
  method: HttpMethod,
  pathTemplate: string,
  operationId = `${method} ${pathTemplate}`,
): OperationSpec => ({
  operationId,
  method,
  pathTemplate,
  summary: '',
  tags: [],
  provenance: { kind: 'inferred' },
  requiresApiKey: true,
  parameters: [],
  responses: {},
  extensions: {},
  links: {},
});

const ops = [
  op('get', '/v1/users/{id}', 'getUser'),
  op('delete', '/v1/users/{id}', 'deleteUser'),
  op('get', '/v1/users/me', 'getMe'),
  op('get', '/v1/users/{id}/cards/{cardId}', 'getCard'),
  op('get', '/v1/{kind}/cards/list', 'kindList'),
  op('get', '/v1/users/{id}/cards/list', 'userCardList'),
  op('get', '/v1/files/{name}.{ext}', 'getFile'),
  op('post', '/v1/order', 'createOrder'),
];

describe('createMatcher', () => {
  const match = createMatcher(ops, ['/api']);

  it('matches templates and returns decoded params', () => {
    const m = match('GET', '/v1/users/u%2F1%20x');
    expect(m).toMatchObject({
      kind: 'operation',
      operation: { operationId: 'getUser' },
      params: { id: 'u/1 x' },
    });
  });

  it('prefers literal segments over templated ones', () => {
    expect(match('GET', '/v1/users/me')).toMatchObject({ operation: { operationId: 'getMe' } });
    expect(match('GET', '/v1/users/7/cards/list')).toMatchObject({
      operation: { operationId: 'userCardList' },
    });
    expect(match('GET', '/v1/users/7/cards/c9')).toMatchObject({
      operation: { operationId: 'getCard' },
      params: { id: '7', cardId: 'c9' },
    });
    expect(match('GET', '/v1/admins/cards/list')).toMatchObject({
      operation: { operationId: 'kindList' },
      params: { kind: 'admins' },
    });
  });

  it('answers method-not-allowed with the allowed methods for a known path', () => {
    expect(match('PUT', '/v1/users/9')).toEqual({ kind: 'method-not-allowed', allowed: ['get', 'delete'] });
    // OpenAPI matches the path first: /v1/users/me exists, so DELETE on it is a 405, not deleteUser.
    expect(match('DELETE', '/v1/users/me')).toEqual({ kind: 'method-not-allowed', allowed: ['get'] });
    expect(match('GET', '/v1/order')).toEqual({ kind: 'method-not-allowed', allowed: ['post'] });
  });

  it('returns not-found for unknown paths, empty segments and extra segments', () => {
    expect(match('GET', '/v2/users/1').kind).toBe('not-found');
    expect(match('GET', '/v1/users/').kind).toBe('not-found');
    expect(match('GET', '/v1/users/1/extra').kind).toBe('not-found');
    expect(match('GET', 'v1/users/1').kind).toBe('not-found');
  });

  it('ignores the query string and fragment, and is case-insensitive on the method only', () => {
    expect(match('get', '/v1/users/me?x=1#f')).toMatchObject({ operation: { operationId: 'getMe' } });
    expect(match('GET', '/V1/users/me').kind).toBe('not-found');
  });

  it('matches mixed segments like {name}.{ext}', () => {
    expect(match('GET', '/v1/files/report.2024.csv')).toMatchObject({
      params: { name: 'report', ext: '2024.csv' },
    });
    expect(match('GET', '/v1/files/noext').kind).toBe('not-found');
  });

  it('tries server base paths when the full path misses', () => {
    expect(match('POST', '/api/v1/order')).toMatchObject({ operation: { operationId: 'createOrder' } });
    expect(match('POST', '/apiv1/order').kind).toBe('not-found');
  });

  it('keeps a malformed percent-escape as written', () => {
    expect(match('GET', '/v1/users/%E0%A4%A')).toMatchObject({ params: { id: '%E0%A4%A' } });
  });
});
