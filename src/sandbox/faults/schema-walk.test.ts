import { describe, expect, it } from 'vitest';
import { deleteAt, getAt, requiredPaths, setAt, stringOnlyPaths } from './schema-walk';

const schema = {
  type: 'object',
  required: ['id', 'items'],
  properties: {
    id: { type: 'string' },
    note: { type: ['string', 'null'] },
    items: {
      type: 'array',
      items: {
        allOf: [
          { type: 'object', required: ['amount'], properties: { amount: { type: 'string' } } },
          { properties: { count: { type: 'integer' } } },
        ],
      },
    },
  },
};

describe('schema walk', () => {
  const value = { id: 'a', note: 'n', items: [{ amount: '1.5', count: 2 }] };

  it('finds string-only fields, not nullable or numeric ones, through arrays and allOf', () => {
    expect(stringOnlyPaths(schema, value)).toEqual([['id'], ['items', 0, 'amount']]);
  });

  it('finds present required fields at every depth', () => {
    expect(requiredPaths(schema, value)).toEqual([['id'], ['items'], ['items', 0, 'amount']]);
    expect(requiredPaths(schema, { items: [] })).toEqual([['items']]);
  });

  it('reads, writes and deletes by path', () => {
    const copy = structuredClone(value);
    setAt(copy, ['items', 0, 'amount'], 1.5);
    expect(getAt(copy, ['items', 0, 'amount'])).toBe(1.5);
    deleteAt(copy, ['id']);
    expect(copy).not.toHaveProperty('id');
  });
});
