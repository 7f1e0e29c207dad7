import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleDistinct } from './distinct';
import { stringFromPattern } from './from-pattern';
import { applyMutation, mutations } from './negatives';
import { readRelations } from './relations';
import { createRng } from './rng';
import { sampleValid } from './sample-valid';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** Shapes the Partner API contract uses: ids, IBANs, countries, amounts, nested objects, unions. */
const SCHEMAS: Record<string, Record<string, unknown>> = {
  createUser: {
    type: 'object',
    additionalProperties: false,
    required: ['externalUserId', 'email', 'country', 'birthDate'],
    properties: {
      externalUserId: { type: 'string', format: 'uuid' },
      email: { type: 'string', format: 'email', maxLength: 80 },
      country: { type: 'string', pattern: '^[A-Z]{2}$' },
      birthDate: { type: 'string', format: 'date' },
      createdAt: { type: 'string', format: 'date-time' },
      firstName: { type: 'string', minLength: 1, maxLength: 50 },
      receiverType: { type: 'string', enum: ['NATURAL', 'LEGAL'] },
      address: {
        type: 'object',
        required: ['street', 'zip'],
        properties: {
          street: { type: 'string', minLength: 2 },
          zip: { type: 'string', pattern: '^\\d{4,6}$' },
        },
      },
    },
  },
  sepa: {
    type: 'object',
    required: ['destinationIban', 'amount', 'currency'],
    properties: {
      destinationIban: { type: 'string', pattern: '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$' },
      amount: { type: 'string', pattern: '^\\d+(\\.\\d{1,8})?$' },
      currency: { const: 'eur' },
      count: { type: 'integer', minimum: 1, maximum: 10 },
      fee: { type: 'number', exclusiveMinimum: 0, maximum: 100, multipleOf: 0.01 },
      tags: {
        type: 'array',
        items: { type: 'string', enum: ['a', 'b', 'c'] },
        minItems: 1,
        maxItems: 3,
        uniqueItems: true,
      },
      network: { type: ['string', 'null'], enum: ['polygon', 'ethereum', null] },
    },
  },
  transfer: {
    type: 'object',
    required: ['amount', 'currency'],
    properties: {
      amount: { type: 'number', minimum: 0.01 },
      currency: { type: 'string', enum: ['eur', 'usdc'] },
    },
    oneOf: [
      {
        required: ['sourceExternalUserId'],
        properties: { sourceExternalUserId: { type: 'string', minLength: 1 } },
      },
      {
        required: ['destinationExternalUserId'],
        properties: { destinationExternalUserId: { type: 'string', minLength: 1 } },
      },
    ],
  },
  /** As the contract's createTransfer: both ids declared on the parent, oneOf of required-only branches. */
  exactlyOne: {
    type: 'object',
    additionalProperties: false,
    required: ['amount'],
    properties: {
      sourceExternalUserId: { type: 'string', pattern: '^[a-z0-9]+$' },
      destinationExternalUserId: { type: 'string', pattern: '^[a-z0-9]+$' },
      amount: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    },
    oneOf: [{ required: ['sourceExternalUserId'] }, { required: ['destinationExternalUserId'] }],
  },
  /** As the contract's CryptoOnNetwork applied with allOf: the network each currency runs on. */
  networkPairs: {
    type: 'object',
    additionalProperties: false,
    required: ['currency', 'amount'],
    properties: {
      currency: { type: 'string', enum: ['btc', 'eth', 'usdc'] },
      network: { type: 'string', enum: ['btc', 'ethereum', 'polygon'] },
      amount: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
      memo: { type: 'string', maxLength: 8 },
    },
    allOf: [
      {
        oneOf: [
          { properties: { currency: { enum: ['btc'] }, network: { enum: ['btc'] } } },
          { properties: { currency: { enum: ['eth'] }, network: { enum: ['ethereum'] } } },
          { properties: { currency: { enum: ['usdc'] }, network: { enum: ['ethereum', 'polygon'] } } },
        ],
      },
    ],
  },
  lock: {
    allOf: [
      {
        type: 'object',
        required: ['currency'],
        properties: { currency: { type: 'string', enum: ['btc', 'eth'] } },
      },
      {
        required: ['amount'],
        properties: { amount: { anyOf: [{ type: 'string', pattern: '^[0-9.]+$' }, { type: 'number' }] } },
      },
    ],
  },
};

const validators = Object.fromEntries(Object.entries(SCHEMAS).map(([k, s]) => [k, ajv.compile(s)]));

describe('sampleValid', () => {
  it('every synthesised body validates against its schema, for any seed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(SCHEMAS)),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (name, seed, rate) => {
          const value = sampleValid(SCHEMAS[name], createRng(seed), { optionalRate: rate });
          const ok = validators[name](value);
          if (!ok)
            throw new Error(
              `${name} seed ${seed}: ${JSON.stringify(value)} ${JSON.stringify(validators[name].errors)}`,
            );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is repeatable for a seed and varies across seeds', () => {
    const a = sampleValid(SCHEMAS.createUser, createRng(7), { optionalRate: 1 });
    const b = sampleValid(SCHEMAS.createUser, createRng(7), { optionalRate: 1 });
    const c = sampleValid(SCHEMAS.createUser, createRng(8), { optionalRate: 1 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('generates strings matching IBAN-like and ISO-country patterns', () => {
    const rng = createRng(3);
    for (let i = 0; i < 50; i++) {
      expect(stringFromPattern('^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$', rng)).toMatch(
        /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/,
      );
      expect(stringFromPattern('^(DE|FR|AT)$', rng)).toMatch(/^(DE|FR|AT)$/);
      expect(stringFromPattern('^[^@\\s]+@[a-z]+\\.(com|io)$', rng)).toMatch(/^[^@\s]+@[a-z]+\.(com|io)$/);
    }
  });
});

describe('mutations', () => {
  it('every synthesised negative body is rejected by its schema, for any seed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(SCHEMAS)),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (name, seed) => {
          const valid = sampleValid(SCHEMAS[name], createRng(seed), { optionalRate: 1 });
          const list = mutations(SCHEMAS[name], valid);
          expect(list.length).toBeGreaterThan(0);
          for (const m of list) {
            const body = applyMutation(valid, m);
            if (validators[name](body))
              throw new Error(`${name} ${m.label} still valid: ${JSON.stringify(body)}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('covers each required field, enums, bounds, patterns and formats', () => {
    const valid = sampleValid(SCHEMAS.createUser, createRng(1), { optionalRate: 1 });
    const labels = mutations(SCHEMAS.createUser, valid).map((m) => m.label);
    for (const field of ['externalUserId', 'email', 'country', 'birthDate', 'address.street']) {
      expect(labels).toContain(`missing:${field}`);
    }
    expect(labels).toEqual(
      expect.arrayContaining([
        'enum:receiverType',
        'format:externalUserId',
        'pattern:country',
        'too-long:email',
        'too-short:firstName',
        'extra:pacerUnexpected',
        'type:body',
      ]),
    );
  });

  it('under oneOf removes only fields every branch requires', () => {
    const valid = sampleValid(SCHEMAS.transfer, createRng(5), { optionalRate: 1 });
    const labels = mutations(SCHEMAS.transfer, valid).map((m) => m.label);
    expect(labels).toEqual(expect.arrayContaining(['missing:amount', 'missing:currency']));
    expect(labels.filter((l) => l.startsWith('missing:') && l.includes('ExternalUserId'))).toEqual([]);
  });

  it("under oneOf mutates the drawn branch's fields like a plain object's", () => {
    const valid = sampleValid(SCHEMAS.networkPairs, createRng(2), { optionalRate: 1 });
    const labels = mutations(SCHEMAS.networkPairs, valid).map((m) => m.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'enum:currency',
        'enum:network',
        'above-max:amount',
        'too-long:memo',
        'extra:pacerUnexpected',
      ]),
    );
  });
});

describe('relations between fields', () => {
  const bodies = (name: string, seeds: number, rate = 1) =>
    Array.from({ length: seeds }, (_, seed) =>
      sampleValid(SCHEMAS[name], createRng(seed), { optionalRate: rate }),
    ) as Array<Record<string, unknown>>;

  it('oneOf of required-only branches yields exactly one of the two fields, even when all optionals are drawn', () => {
    for (const body of bodies('exactlyOne', 200)) {
      const present = ['sourceExternalUserId', 'destinationExternalUserId'].filter((k) => k in body);
      expect(present).toHaveLength(1);
    }
    const sides = new Set(
      bodies('exactlyOne', 50).map((b) => ('sourceExternalUserId' in b ? 'source' : 'dest')),
    );
    expect(sides).toEqual(new Set(['source', 'dest']));
  });

  it('oneOf branches pair each currency with a network it runs on, and every pair occurs', () => {
    const seen = new Set<string>();
    for (const body of bodies('networkPairs', 300)) {
      expect(validators.networkPairs(body), JSON.stringify(body)).toBe(true);
      if ('network' in body) seen.add(`${body.currency}/${body.network}`);
    }
    expect([...seen].sort()).toEqual(['btc/btc', 'eth/ethereum', 'usdc/ethereum', 'usdc/polygon']);
  });

  const limits = {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      monthly: { type: 'integer', minimum: 0, maximum: 1000 },
      daily: { type: 'integer', minimum: 0, maximum: 1000 },
      other: { type: 'integer', minimum: 0, maximum: 1000 },
    },
    'x-pacer-relations': [{ lessOrEqual: ['/daily', '/monthly'] }],
  };

  it('x-pacer-relations: both sides are written together and in order, for any seed and optional rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, rate) => {
          const body = sampleValid(limits, createRng(seed), { optionalRate: rate }) as Record<string, number>;
          expect('daily' in body).toBe('monthly' in body);
          if ('daily' in body) expect(body.daily).toBeLessThanOrEqual(body.monthly);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a malformed x-pacer-relations hint is an error naming the hint, not silently ignored', () => {
    expect(readRelations(undefined)).toEqual([]);
    expect(readRelations([{ lessOrEqual: ['/a', '/b~1c'] }])).toEqual([{ lessOrEqual: ['a', 'b/c'] }]);
    expect(() => readRelations({ lessOrEqual: ['/a', '/b'] })).toThrow(/x-pacer-relations/);
    expect(() => readRelations([{ lessOrEqual: ['/a'] }])).toThrow(/entry 0/);
    expect(() => readRelations([{ lessOrEqual: ['a', '/b'] }])).toThrow(/not a pointer/);
    expect(() => readRelations([{ greaterThan: ['/a', '/b'] }])).toThrow(/entry 0/);
  });
});

describe('sampleDistinct', () => {
  it('draws long ids that match the pattern, so an invented id never names a real one', () => {
    const schema = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' };
    const rng = createRng(10);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = sampleDistinct(schema, rng) as string;
      expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/);
      expect(id.length).toBeGreaterThanOrEqual(16);
      expect(id.length).toBeLessThanOrEqual(64);
      seen.add(id);
    }
    expect(seen.size).toBe(200);
    // A short plain draw from the same schema is common: what sampleDistinct exists to avoid.
    const plain = Array.from({ length: 200 }, (_, i) => sampleValid(schema, createRng(i)) as string);
    expect(plain.some((id) => id.length < 4)).toBe(true);
  });

  it('leaves formats and enums to the plain generator', () => {
    expect(sampleDistinct({ type: 'string', format: 'uuid' }, createRng(1))).toMatch(/^[0-9a-f-]{36}$/);
    expect(sampleDistinct({ type: 'string', enum: ['a'] }, createRng(1))).toBe('a');
  });
});
