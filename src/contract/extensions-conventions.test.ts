import { describe, expect, it } from 'vitest';
import { readConventions } from './extensions';
import { loadContract } from './load';
import { CUSTOM_API } from './test-support/custom-conventions';

// a two-field `when`: every field must match
const CUSTOM = {
  ...CUSTOM_API,
  'x-pacer-error-shapes': {
    ...CUSTOM_API['x-pacer-error-shapes'],
    business: {
      ...CUSTOM_API['x-pacer-error-shapes'].business,
      exceptions: [{ when: { code: 'E_LEGACY', retryable: false }, absent: ['message'] }],
    },
  },
};

describe('readConventions', () => {
  it('reads a declared convention into statuses, markers, rules and compiled patterns', () => {
    const { auth, errorShapes, problems } = readConventions(CUSTOM);
    expect(problems).toEqual([]);
    expect(auth).toEqual({
      missing: { status: 401 },
      wrong: { status: 403, bodyContains: 'E_KEY' },
      declared: true,
    });
    expect(errorShapes?.validation).toEqual({
      status: 422,
      const: { code: 'VALIDATION' },
      pattern: {},
      required: ['message'],
      absent: [],
    });
    const business = errorShapes?.business;
    expect(business?.required).toEqual(['code', 'message']);
    expect(business?.pattern.code.test('E_KEY')).toBe(true);
    expect(business?.pattern.code.test('P403')).toBe(false);
    expect(business?.exceptions).toEqual([
      {
        when: { code: 'E_LEGACY', retryable: false },
        rule: { const: {}, pattern: {}, required: [], absent: ['message'] },
      },
    ]);
  });

  it('absent extensions: 401 without a marker for both auth cases, no error shapes, no problem', () => {
    expect(readConventions({ openapi: '3.1.0' })).toEqual({
      auth: { missing: { status: 401 }, wrong: { status: 401 }, declared: false },
      errorShapes: null,
      problems: [],
    });
  });

  it('either part of x-pacer-error-shapes may stand alone; an omitted auth side defaults to 401', () => {
    const only = readConventions({
      'x-pacer-auth': { wrong: { status: 401, bodyContains: 'bad key' } },
      'x-pacer-error-shapes': { business: { required: ['error'] } },
    });
    expect(only.problems).toEqual([]);
    expect(only.auth.missing).toEqual({ status: 401 });
    expect(only.errorShapes?.validation).toBeUndefined();
    expect(only.errorShapes?.business?.required).toEqual(['error']);
  });

  it('the bundled Partner API declares xo1/xo2 and the P403 / P-code shapes', async () => {
    const contract = await loadContract('conformance/partner-api.yaml');
    const { auth, errorShapes, problems } = readConventions(contract.document);
    expect(problems).toEqual([]);
    expect(auth).toMatchObject({
      missing: { status: 401, bodyContains: 'xo1' },
      wrong: { bodyContains: 'xo2' },
    });
    expect(errorShapes?.validation).toMatchObject({
      status: 400,
      const: { errorCode: 'P403' },
      required: ['errorMessage'],
      absent: ['errorName'],
    });
    expect(errorShapes?.business?.pattern.errorCode.source).toBe('^P\\d{3}$');
    expect(errorShapes?.business?.exceptions[0].when).toEqual({ errorCode: 'P403' });
  });

  it.each([
    ['x-pacer-auth is not a map', { 'x-pacer-auth': ['401'] }, '/x-pacer-auth', /must be a map \{missing/],
    [
      'an auth side is not a map',
      { 'x-pacer-auth': { missing: 401 } },
      '/x-pacer-auth/missing',
      /missing must be a map/,
    ],
    [
      'an auth side without status',
      { 'x-pacer-auth': { wrong: { bodyContains: 'x' } } },
      '/x-pacer-auth/wrong',
      /status is required/,
    ],
    [
      'a status out of the 4xx range',
      { 'x-pacer-auth': { wrong: { status: 500 } } },
      '/x-pacer-auth/wrong/status',
      /status 500 is not a 4xx/,
    ],
    [
      'a fractional status',
      { 'x-pacer-error-shapes': { validation: { status: 400.5 } } },
      '/x-pacer-error-shapes/validation/status',
      /status 400.5 is not a 4xx/,
    ],
    [
      'an empty bodyContains',
      { 'x-pacer-auth': { wrong: { status: 401, bodyContains: '' } } },
      '/x-pacer-auth/wrong/bodyContains',
      /non-empty string/,
    ],
    [
      'an unknown auth key',
      { 'x-pacer-auth': { wrong: { status: 401, body: 'x' } } },
      '/x-pacer-auth/wrong/body',
      /unknown key "body"/,
    ],
    [
      'error shapes with neither part',
      { 'x-pacer-error-shapes': {} },
      '/x-pacer-error-shapes',
      /validation and\/or business/,
    ],
    [
      'business with status (a validation-only key)',
      { 'x-pacer-error-shapes': { business: { status: 400 } } },
      '/x-pacer-error-shapes/business/status',
      /unknown key "status"/,
    ],
    [
      'an invalid regex',
      { 'x-pacer-error-shapes': { business: { pattern: { code: '(' } } } },
      '/x-pacer-error-shapes/business/pattern/code',
      /"\(" is not a valid regular expression/,
    ],
    [
      'a pattern that is not a string',
      { 'x-pacer-error-shapes': { business: { pattern: { code: 7 } } } },
      '/x-pacer-error-shapes/business/pattern/code',
      /must be a regular expression string/,
    ],
    [
      'a const that is not a scalar',
      { 'x-pacer-error-shapes': { validation: { const: { code: { a: 1 } } } } },
      '/x-pacer-error-shapes/validation/const/code',
      /const.code must be a string, number, boolean or null/,
    ],
    [
      'required that is not a list',
      { 'x-pacer-error-shapes': { validation: { required: 'message' } } },
      '/x-pacer-error-shapes/validation/required',
      /required must be a list/,
    ],
    [
      'a field both required and absent',
      { 'x-pacer-error-shapes': { validation: { required: ['a'], absent: ['a'] } } },
      '/x-pacer-error-shapes/validation/absent/0',
      /cannot be both absent and/,
    ],
    [
      'exceptions that are not a list',
      { 'x-pacer-error-shapes': { business: { exceptions: { when: { a: 1 } } } } },
      '/x-pacer-error-shapes/business/exceptions',
      /exceptions must be a list/,
    ],
    [
      'an exception with an empty when',
      { 'x-pacer-error-shapes': { business: { exceptions: [{ when: {}, required: ['a'] }] } } },
      '/x-pacer-error-shapes/business/exceptions/0/when',
      /when must name at least one field/,
    ],
  ])('%s is an error at its pointer', (_, document, pointer, message) => {
    const problems = readConventions(document).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'error',
      pointer,
      message: expect.stringMatching(message),
    });
  });

  it('a bad part is left out of the value, the rest is kept', () => {
    const read = readConventions({
      'x-pacer-auth': { missing: { status: 401, bodyContains: 'xo1' }, wrong: { status: 999 } },
      'x-pacer-error-shapes': {
        business: {
          pattern: { code: '[', name: '^[a-z]+$' },
          exceptions: [{ when: { code: 'A', bad: [1] }, required: ['m'] }, { when: { code: 'B' } }],
        },
      },
    });
    expect(read.auth.missing).toEqual({ status: 401, bodyContains: 'xo1' });
    expect(read.auth.wrong).toEqual({ status: 401 });
    expect(Object.keys(read.errorShapes?.business?.pattern ?? {})).toEqual(['name']);
    // A condition read in part would apply the lighter rule too widely: the whole exception is dropped.
    expect(read.errorShapes?.business?.exceptions.map((e) => e.when)).toEqual([{ code: 'B' }]);
    expect(read.problems.map((p) => p.pointer)).toEqual([
      '/x-pacer-auth/wrong/status',
      '/x-pacer-error-shapes/business/pattern/code',
      '/x-pacer-error-shapes/business/exceptions/0/when/bad',
    ]);
  });
});
