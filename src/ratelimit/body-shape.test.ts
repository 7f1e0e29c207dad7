import { describe, expect, it } from 'vitest';
import { checkShape, unsupportedKeywords } from './body-shape';

const schema = {
  type: 'object',
  required: ['error', 'message', 'retry_after', 'limit', 'window'],
  additionalProperties: false,
  properties: {
    error: { type: 'string', const: 'Rate limit exceeded' },
    message: { type: 'string', minLength: 1 },
    retry_after: { type: 'integer', minimum: 0 },
    limit: { type: 'integer' },
    window: { type: 'string', enum: ['1 minute'] },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

const good = {
  error: 'Rate limit exceeded',
  message: 'slow down',
  retry_after: 60,
  limit: 300,
  window: '1 minute',
};

describe('checkShape', () => {
  it('accepts the documented body', () => {
    expect(checkShape(good, schema)).toEqual({ problems: [] });
  });

  it('names each violation with its instance and schema path', () => {
    const r = checkShape({ ...good, retry_after: 1.5, limit: '300', extra: true, tags: ['a', 1] }, schema);
    const paths = r.problems.map((p) => `${p.instancePath} ${p.schemaPath}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/retry_after #/properties/retry_after/type',
        '/limit #/properties/limit/type',
        ' #/additionalProperties',
        '/tags/1 #/properties/tags/items/type',
      ]),
    );
    expect(r.problems).toHaveLength(4);
  });

  it('reports missing properties, enum and const mismatches', () => {
    const r = checkShape({ error: 'Too many', message: '', window: '60s' }, schema);
    const messages = r.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('"retry_after"');
    expect(messages).toContain('"limit"');
    expect(messages).toContain('should be "Rate limit exceeded"');
    expect(messages).toContain('one of ["1 minute"]');
    expect(messages).toContain('at least 1');
  });

  it('rejects a non-object body and lists keywords it cannot check', () => {
    expect(checkShape('Too Many Requests', schema).problems[0].message).toContain('should be object');
  });

  it('names every keyword it cannot evaluate, however deep (the policy refuses such a schema)', () => {
    expect(unsupportedKeywords(schema)).toEqual([]);
    expect(
      unsupportedKeywords({
        type: 'object',
        oneOf: [],
        properties: { 'a/b': { $ref: '#/x' }, ok: { type: 'string' } },
        additionalProperties: { format: 'email' },
        items: { not: {} },
      }),
    ).toEqual(['#/oneOf', '#/properties/a~1b/$ref', '#/additionalProperties/format', '#/items/not']);
  });
});
