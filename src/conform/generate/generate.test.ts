import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringFromPattern } from './from-pattern';
import { applyMutation, mutations } from './negatives';
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
    expect(labels.some((l) => l.includes('ExternalUserId'))).toBe(false);
  });
});
