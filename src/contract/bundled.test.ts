import { describe, expect, it } from 'vitest';
import { defaultContractPath, defaultPolicyPath } from '../policy/paths';
import { lintContract } from './lint';
import { loadContract } from './load';
import type { OperationSpec } from './types';

/** A status that `responseFor` maps to this response key (`200`, `4XX`, `default`). */
function statusFor(op: OperationSpec, key: string): number {
  if (/^\d{3}$/.test(key)) return Number(key);
  const declared = (s: number) => String(s) in op.responses || `${Math.floor(s / 100)}XX` in op.responses;
  const range = /^([1-5])XX$/i.exec(key);
  const candidates = Array.from({ length: 500 }, (_, i) => 100 + i);
  const status = range
    ? candidates.find((s) => Math.floor(s / 100) === Number(range[1]) && !(String(s) in op.responses))
    : candidates.find((s) => !declared(s));
  if (status === undefined) throw new Error(`no status maps to ${key}`);
  return status;
}

describe('the bundled Partner API contract', async () => {
  const contract = await loadContract(defaultContractPath());

  it('lints clean together with the bundled policy', async () => {
    const report = await lintContract(defaultContractPath(), defaultPolicyPath());
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.operations).toBe(contract.operations.length);
    expect(report.validators).toBeGreaterThan(report.operations * 4);
  });

  it('has at least the 47 operations of the rate-limiting page nav, with unique ids', () => {
    expect(contract.operations.length).toBeGreaterThanOrEqual(47);
    expect(contract.byId.size).toBe(contract.operations.length);
  });

  it('validates every documented response and request example against its own validator', () => {
    let checked = 0;
    for (const op of contract.operations) {
      for (const [key, response] of Object.entries(op.responses)) {
        const status = statusFor(op, key);
        expect(contract.responseFor(op.operationId, status)?.status).toBe(key);
        for (const [type, media] of Object.entries(response.content)) {
          for (const [name, example] of Object.entries(media.examples)) {
            const result = contract.validators.responseBody(op.operationId, status, type, example);
            expect({ at: `${op.operationId} ${key} ${type} ${name}`, result }).toEqual({
              at: `${op.operationId} ${key} ${type} ${name}`,
              result: [],
            });
            checked++;
          }
        }
      }
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        for (const example of Object.values(media.examples)) {
          expect(contract.validators.requestBody(op.operationId, type, example)).toEqual([]);
          checked++;
        }
      }
      for (const location of ['path', 'query', 'header'] as const) {
        const values: Record<string, string> = {};
        for (const p of op.parameters)
          if (p.in === location && p.example !== undefined) values[p.name] = String(p.example);
        expect(
          contract.validators
            .parameters(op.operationId, location, values)
            .filter((i) => i.keyword !== 'required'),
        ).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(contract.operations.length);
  });

  it('declares the rate-limit headers on every response, which validate the page example values', () => {
    const headers = {
      'X-RateLimit-Limit': '300',
      'X-RateLimit-Remaining': '241',
      'X-RateLimit-Reset': '1678886400',
      'Retry-After': '60',
    };
    for (const op of contract.operations) {
      expect(contract.validators.responseHeaders(op.operationId, 429, headers)).toEqual([]);
      const missing = contract.validators.responseHeaders(op.operationId, 429, {
        'X-RateLimit-Limit': '300',
      });
      expect(missing.map((i) => i.keyword)).toContain('required');
    }
  });

  it('matches a concrete request path for every operation back to that operation', () => {
    for (const op of contract.operations) {
      const path = op.pathTemplate.replace(/\{[^}]+\}/g, 'zz9-test');
      const found = contract.match(op.method.toUpperCase(), path);
      expect(found.kind === 'operation' ? found.operation.operationId : found).toBe(op.operationId);
    }
  });
});
