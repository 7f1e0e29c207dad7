/**
 * Test-only harness: drives the business logic through `handle()` and checks every request and
 * response against the contract, so a logic test fails when logic and contract drift apart.
 */
import { loadContractSync } from '../../contract/index';
import type { Contract } from '../../contract/types';
import { defaultContractPath } from '../../policy/paths';
import type { BusinessLogic, HandlerResponse } from '../handler-types';
import { createBusinessLogic } from './index';

let cached: Contract | undefined;
export function contract(): Contract {
  cached ??= loadContractSync(defaultContractPath());
  return cached;
}

export const T0 = Date.parse('2026-03-01T12:00:00.000Z');

export interface CallInput {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

export interface Harness {
  logic: BusinessLogic;
  /** Server clock for the next calls, epoch ms. */
  now: number;
  advance(ms: number): void;
  /** Calls an operation; throws when the request or the response breaks the contract. */
  call(operationId: string, input?: CallInput): HandlerResponse & { body: Record<string, unknown> };
  /**
   * Calls with a request the contract itself refuses (a rule both the schema and the logic state,
   * such as a network the currency does not run on): throws when the contract accepts it, so the
   * test also proves the contract states the rule; the response must still conform.
   */
  callInvalid(operationId: string, input: CallInput): HandlerResponse & { body: Record<string, unknown> };
}

/** Problems of a response against the contract ([] when it conforms). */
export function responseProblems(operationId: string, res: HandlerResponse): string[] {
  const issues = contract().validators.responseBody(operationId, res.status, 'application/json', res.body);
  if (typeof issues === 'string') return [`${operationId} ${res.status}: ${issues}`];
  return issues.map((i) => `${operationId} ${res.status} ${i.instancePath} ${i.message}`);
}

function requestProblems(operationId: string, input: CallInput): string[] {
  const v = contract().validators;
  const out = [
    ...v.parameters(operationId, 'path', input.params ?? {}),
    ...v.parameters(operationId, 'query', input.query ?? {}),
  ];
  if (input.body !== undefined) out.push(...v.requestBody(operationId, 'application/json', input.body));
  return out.map((i) => `request ${i.instancePath} ${i.message}`);
}

export function harness(seed = 7): Harness {
  const h: Harness = {
    logic: createBusinessLogic({ seed, nowMs: () => T0 }),
    now: T0,
    advance(ms) {
      h.now += ms;
    },
    call(operationId, input = {}) {
      const bad = requestProblems(operationId, input);
      if (bad.length) throw new Error(`${operationId}: invalid test request: ${bad.join('; ')}`);
      return handle(operationId, input);
    },
    callInvalid(operationId, input) {
      if (requestProblems(operationId, input).length === 0)
        throw new Error(`${operationId}: the contract accepts ${JSON.stringify(input)}`);
      return handle(operationId, input);
    },
  };
  function handle(operationId: string, input: CallInput) {
    const res = h.logic.handle({
      operationId,
      params: input.params ?? {},
      query: input.query ?? {},
      body: input.body,
      nowMs: h.now,
    });
    const problems = responseProblems(operationId, res);
    if (problems.length)
      throw new Error(
        `response breaks the contract: ${problems.join('; ')} body=${JSON.stringify(res.body)}`,
      );
    return res as HandlerResponse & { body: Record<string, unknown> };
  }
  return h;
}

/** A valid KYC-model create-user body for a fresh externalUserId. */
export function kycUser(externalUserId: string, country = 'PL'): Record<string, unknown> {
  return {
    externalUserId,
    email: `${externalUserId}@example.com`,
    phone: '486012334567',
    firstName: 'Ada',
    lastName: 'Lovelace',
    street: 'Main',
    number: '1',
    city: 'Warszawa',
    postCode: '00-001',
    country,
    citizenship: country,
    nationality: country,
    birthCountry: country,
    birthDate: '1990-05-15',
    hasAcceptedP100Tc: true,
  };
}

export function nonKycUser(externalUserId: string): Record<string, unknown> {
  return {
    externalUserId,
    email: `${externalUserId}@example.com`,
    firstName: 'John',
    lastName: 'Doe',
    address: 'Adama Matuszczaka 51/4',
    city: 'Rzeszów',
    country: 'PL',
    documentType: 'PASSPORT',
    documentNumber: 'CEV124630',
    birthDate: '2000-01-01',
  };
}
