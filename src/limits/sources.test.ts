import { describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { parseOperation } from './operations';
import { parseSourceIps } from './sources';

describe('parseSourceIps', () => {
  it('reads lists, short and full ranges', () => {
    expect(parseSourceIps('127.0.0.2,127.0.0.3')).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(parseSourceIps('127.0.0.10-127.0.0.12')).toEqual(['127.0.0.10', '127.0.0.11', '127.0.0.12']);
    expect(parseSourceIps('127.0.0.254-127.0.1.1')).toEqual([
      '127.0.0.254',
      '127.0.0.255',
      '127.0.1.0',
      '127.0.1.1',
    ]);
    expect(parseSourceIps('127.0.0.2, 127.0.0.5-7')).toEqual([
      '127.0.0.2',
      '127.0.0.5',
      '127.0.0.6',
      '127.0.0.7',
    ]);
  });

  it('refuses garbage, backwards ranges and duplicates with the flag named', () => {
    for (const bad of [
      '',
      'abc',
      '127.0.0.300',
      '127.0.0.9-127.0.0.3',
      '127.0.0.2,127.0.0.2',
      '127.0.0.1-127.1.0.0',
    ]) {
      let caught: unknown;
      try {
        parseSourceIps(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).toBeInstanceOf(PacerError);
      expect((caught as PacerError).context.option).toBe('--source-ips');
    }
  });
});

describe('parseOperation', () => {
  it('splits method, path and query', () => {
    expect(parseOperation('get /v1/a?b=1')).toEqual({
      operationId: null,
      method: 'GET',
      pathTemplate: '/v1/a',
      path: '/v1/a?b=1',
    });
    expect(parseOperation('getA=GET /v1/a')).toEqual({
      operationId: 'getA',
      method: 'GET',
      pathTemplate: '/v1/a',
      path: '/v1/a',
    });
  });
  it('refuses a path without a method', () => {
    expect(() => parseOperation('/v1/a')).toThrow(PacerError);
  });
});
