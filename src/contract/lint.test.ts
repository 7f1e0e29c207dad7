import { describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import type { LintProblem } from './lint';
import { lintContract } from './lint';

const fixture = (name: string) => `test-data/contracts/${name}`;
const errorsOf = (problems: LintProblem[]) => problems.filter((p) => p.severity === 'error');

describe('lintContract', () => {
  it('passes the good fixture with its policy, compiling every validator', async () => {
    const report = await lintContract(fixture('good.yaml'), fixture('good-policy.yaml'));
    expect(report.problems).toEqual([]);
    expect(report.operations).toBe(6);
    expect(report.validators).toBeGreaterThan(20);
  });

  it('bad $ref: rule ref, pointer of the $ref, line 18', async () => {
    const { problems } = await lintContract(fixture('bad-ref.yaml'));
    expect(errorsOf(problems)).toEqual([
      {
        severity: 'error',
        file: fixture('bad-ref.yaml'),
        pointer: '/paths/~1v1~1things~1{id}/get/responses/200/content/application~1json/schema/$ref',
        line: 18,
        message: '$ref "#/components/schemas/Thingy" does not resolve (no such pointer)',
        rule: 'ref',
      },
    ]);
  });

  it('$ref cycle: rule ref at the ref that closes the loop', async () => {
    const { problems } = await lintContract(fixture('ref-cycle.yaml'));
    expect(errorsOf(problems)).toMatchObject([
      {
        rule: 'ref',
        pointer: '/components/schemas/Parent/properties/child/$ref',
        line: 49,
        message: expect.stringMatching(/^\$ref cycle/),
      },
    ]);
  });

  it('example violating its schema: rule example-valid at the example, line 19', async () => {
    const { problems } = await lintContract(fixture('bad-example.yaml'));
    expect(errorsOf(problems)).toEqual([
      expect.objectContaining({
        rule: 'example-valid',
        pointer: '/paths/~1v1~1things~1{id}/get/responses/200/content/application~1json/example',
        line: 19,
        message: 'media example does not match its schema: /amount must be >= 0',
      }),
    ]);
  });

  it('duplicate operationId: rule operation-id-unique at the second one, line 35', async () => {
    const { problems, operations } = await lintContract(fixture('duplicate-operation-id.yaml'));
    expect(operations).toBe(2);
    expect(errorsOf(problems)).toEqual([
      expect.objectContaining({
        rule: 'operation-id-unique',
        pointer: '/paths/~1v1~1other/get/operationId',
        line: 35,
      }),
    ]);
  });

  it('missing 429: rule response-429 at the responses map, line 12', async () => {
    const { problems } = await lintContract(fixture('missing-429.yaml'));
    expect(errorsOf(problems)).toEqual([
      expect.objectContaining({
        rule: 'response-429',
        pointer: '/paths/~1v1~1things~1{id}/get/responses',
        line: 12,
        message: 'GET /v1/things/{id} declares no 429 response',
      }),
    ]);
  });

  it('response without rate-limit headers: rule ratelimit-headers, line 20', async () => {
    const { problems } = await lintContract(fixture('missing-ratelimit-headers.yaml'));
    expect(errorsOf(problems)).toEqual([
      expect.objectContaining({
        rule: 'ratelimit-headers',
        pointer: '/paths/~1v1~1things~1{id}/get/responses/401/headers',
        line: 20,
        message:
          '401 response of GET /v1/things/{id} does not declare X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
      }),
    ]);
  });

  it('path parameter mismatch: rule path-params both ways', async () => {
    const { problems } = await lintContract(fixture('path-param-mismatch.yaml'));
    expect(errorsOf(problems).map((p) => [p.rule, p.message])).toEqual([
      ['path-params', 'path parameter "{id}" is not declared in parameters'],
      ['path-params', 'path parameter "thingId" does not appear in /v1/things/{id}'],
    ]);
  });

  it('structure: missing info.title and a response key that is not a status', async () => {
    const { problems } = await lintContract(fixture('bad-structure.yaml'));
    const structure = problems.filter((p) => p.rule === 'structure');
    expect(structure.map((p) => [p.pointer, p.line])).toEqual([
      ['/info/title', 3],
      ['/paths/~1v1~1things~1{id}/get/responses/4O1', 19],
    ]);
    expect(problems.some((p) => p.rule === 'response-4xx')).toBe(true);
  });

  it('policy with a negative limit: rule policy-field in the policy file, line 2', async () => {
    const { problems } = await lintContract(fixture('good.yaml'), fixture('policy-negative-limit.yaml'));
    expect(problems).toEqual([
      {
        severity: 'error',
        file: fixture('policy-negative-limit.yaml'),
        pointer: '/limit',
        line: 2,
        message: 'limit must be a positive integer, got -300',
        rule: 'policy-field',
      },
    ]);
  });

  it('429 headers follow the policy header names', async () => {
    const { problems } = await lintContract(fixture('good.yaml'), fixture('policy-renamed-headers.yaml'));
    const rl = problems.filter((p) => p.rule === '429-headers');
    expect(rl.length).toBeGreaterThan(0);
    expect(rl[0].message).toMatch(/does not declare RateLimit-Limit/);
  });

  it('link to an unknown operationId: rule link-target, line 18', async () => {
    const { problems } = await lintContract(fixture('bad-link.yaml'));
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'link-target',
        pointer: '/paths/~1v1~1things~1{id}/get/responses/200/links/next/operationId',
        line: 18,
      }),
    ]);
  });

  it("429 examples must satisfy the policy's 429 body schema", async () => {
    const { problems } = await lintContract(fixture('good.yaml'), fixture('policy-strict-429-body.yaml'));
    expect(problems).toEqual([
      expect.objectContaining({
        rule: '429-example-policy',
        pointer: '/components/responses/TooManyRequests/content/application~1json',
        line: 211,
        message: expect.stringContaining("must have required property 'request_id'"),
      }),
    ]);
  });

  it('broken x-pacer-depends-on: rule pacer-extension per bad entry or bind, with pointer and line', async () => {
    const { problems } = await lintContract(fixture('bad-depends-on.yaml'));
    const op = '/paths/~1v1~1things~1{id}~1moves/post/x-pacer-depends-on';
    expect(problems.every((p) => p.rule === 'pacer-extension')).toBe(true);
    expect(problems.filter((p) => p.severity === 'warning').map((p) => [p.line, p.message])).toEqual([
      [
        34,
        'x-pacer-depends-on: $response.header.Location: no 2xx response of createThing declares the header Location',
      ],
    ]);
    const errors = errorsOf(problems);
    expect(errors.map((p) => [p.line, p.pointer.replace(op, '~'), p.message])).toEqual([
      [
        35,
        '~/0/bind/body#~1colour',
        'x-pacer-depends-on: target "body#/colour" is neither a parameter of moveThing nor body#/<pointer> to a field of its request body',
      ],
      [
        36,
        '~/0/bind/query.page',
        expect.stringMatching(/^x-pacer-depends-on: target "query.page" is neither/),
      ],
      [
        37,
        '~/0/bind/body#~1note',
        expect.stringMatching(/^x-pacer-depends-on: "#\/id" is not a runtime expression/),
      ],
      [38, '~/1/operationId', 'x-pacer-depends-on: entry 1: no operation has operationId "createThingz"'],
      [
        40,
        '~/2',
        'x-pacer-depends-on: entry 2: bind must be a non-empty map {<target>: <runtime expression>}',
      ],
      [41, '~/3/binds', 'x-pacer-depends-on: entry 3: unknown key "binds" (only operationId and bind)'],
      [
        46,
        '/paths/~1v1~1other/get/x-pacer-depends-on',
        'x-pacer-depends-on: must be a list of {operationId, bind: {<target>: <runtime expression>}}',
      ],
    ]);
  });

  it('broken x-pacer-relations, a misspelt and a misplaced extension: rule pacer-extension', async () => {
    const { problems } = await lintContract(fixture('bad-relations.yaml'));
    const schema = (path: string) => `/paths/~1v1~1${path}/put/requestBody/content/application~1json`;
    expect(problems.map((p) => [p.severity, p.rule, p.line, p.pointer, p.message])).toEqual([
      [
        'error',
        'pacer-extension',
        19,
        `${schema('limits')}/schema/x-pacer-relations/1/lessOrEqual/1`,
        'x-pacer-relations: entry 1: "yearly" is not a property of this schema',
      ],
      [
        'error',
        'pacer-extension',
        20,
        `${schema('limits')}/schema/x-pacer-relations/2/lessOrEqual/0`,
        'x-pacer-relations: entry 2: "daily" is not a pointer to a property of this object ("/name")',
      ],
      [
        'error',
        'pacer-extension',
        21,
        `${schema('limits')}/schema/x-pacer-relations/3`,
        'x-pacer-relations: entry 3 must be {lessOrEqual: [pointer, pointer]}',
      ],
      [
        'error',
        'pacer-extension',
        35,
        `${schema('caps')}/schema/x-pacer-relations`,
        'x-pacer-relations: must be an array of {lessOrEqual: [pointer, pointer]}',
      ],
      [
        'warning',
        'pacer-extension',
        36,
        `${schema('caps')}/schema/x-pacer-relation`,
        'unknown pacer extension x-pacer-relation (pacer reads x-pacer-depends-on, x-pacer-relations, x-pacer-fixtures, x-pacer-auth, x-pacer-error-shapes)',
      ],
      [
        'warning',
        'pacer-extension',
        38,
        `${schema('caps')}/x-pacer-depends-on`,
        'x-pacer-depends-on is read on operations only; here it is ignored',
      ],
      // On a schema `$ref`ed from many places: reported once, where it is written. Examples are data, not read.
      [
        'error',
        'pacer-extension',
        73,
        '/components/schemas/Limits/properties/example/x-pacer-relations/0/lessOrEqual/0',
        'x-pacer-relations: entry 0: "a" is not a property of this schema',
      ],
      [
        'error',
        'pacer-extension',
        73,
        '/components/schemas/Limits/properties/example/x-pacer-relations/0/lessOrEqual/1',
        'x-pacer-relations: entry 0: "b" is not a property of this schema',
      ],
    ]);
  });

  it('broken x-pacer-auth and x-pacer-error-shapes: one error per bad part, with pointer and line', async () => {
    const { problems } = await lintContract(fixture('bad-conventions.yaml'));
    expect(problems.every((p) => p.rule === 'pacer-extension')).toBe(true);
    expect(problems.map((p) => [p.severity, p.line, p.pointer, p.message])).toEqual([
      [
        'error',
        8,
        '/x-pacer-auth/missing/status',
        'x-pacer-auth: status 200 is not a 4xx status code (400-499)',
      ],
      [
        'error',
        9,
        '/x-pacer-auth/wrong/bodyContains',
        'x-pacer-auth: bodyContains must be a non-empty string',
      ],
      [
        'error',
        9,
        '/x-pacer-auth/wrong/status',
        'x-pacer-auth: status "401" is not a 4xx status code (400-499)',
      ],
      ['error', 10, '/x-pacer-auth/expired', 'x-pacer-auth: unknown key "expired" (known: missing, wrong)'],
      [
        'error',
        14,
        '/x-pacer-error-shapes/validation/const/details',
        'x-pacer-error-shapes: const.details must be a string, number, boolean or null',
      ],
      [
        'error',
        15,
        '/x-pacer-error-shapes/validation/required',
        'x-pacer-error-shapes: required must be a list of field names',
      ],
      [
        'error',
        16,
        '/x-pacer-error-shapes/validation/absent/0',
        'x-pacer-error-shapes: "code" cannot be both absent and const, pattern or required',
      ],
      [
        'error',
        18,
        '/x-pacer-error-shapes/business/pattern/code',
        expect.stringMatching(
          /^x-pacer-error-shapes: pattern\.code: "\^E_\[A-Z\+\$" is not a valid regular expression \(/,
        ),
      ],
      [
        'error',
        19,
        '/x-pacer-error-shapes/business/required/1',
        'x-pacer-error-shapes: required: "code" is listed twice',
      ],
      [
        'error',
        23,
        '/x-pacer-error-shapes/business/exceptions/1',
        'x-pacer-error-shapes: exception 1 needs when: {field: value}',
      ],
      [
        'error',
        24,
        '/x-pacer-error-shapes/business/exceptions/2',
        'x-pacer-error-shapes: exception 2 must be a map {when, const?, pattern?, required?, absent?}',
      ],
      [
        'error',
        25,
        '/x-pacer-error-shapes/fallback',
        'x-pacer-error-shapes: unknown key "fallback" (known: validation, business)',
      ],
      [
        'warning',
        30,
        '/paths/~1v1~1things/get/x-pacer-auth',
        'x-pacer-auth is read at the root of the document only; here it is ignored',
      ],
    ]);
  });

  it.each([
    ['openapi-30.yaml', 'PACER_ERR_CONTRACT_INVALID', 2],
    ['malformed.yaml', 'PACER_ERR_PARSE', 10],
    ['no-such-file.yaml', 'PACER_ERR_FILE', undefined],
  ])('%s is fatal (%s, line %s), not a problem list', async (name, code, line) => {
    const err = await lintContract(fixture(name)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PacerError);
    expect((err as PacerError).code).toBe(code);
    expect((err as PacerError).context.line).toBe(line);
    expect((err as PacerError).context.file).toBe(fixture(name));
  });
});
