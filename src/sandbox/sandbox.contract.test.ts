import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../contract/index';
import type { Contract, OperationSpec, ParameterSpec } from '../contract/types';
import { defaultContractPath } from '../policy/paths';
import { startSandbox } from './index';
import { call, closeAgents } from './test-support/http';
import type { Sandbox } from './types';

/**
 * Acceptance: the real sandbox (bundled contract + business logic) answers every operation, built
 * from the contract's documented examples, with a response the contract's own validators accept.
 */

function exampleOf(p: ParameterSpec): unknown {
  if (p.example !== undefined) return p.example;
  const s = typeof p.schema === 'object' ? p.schema : {};
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  return undefined;
}

interface BuiltRequest {
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
}

function buildRequest(op: OperationSpec): BuiltRequest {
  let path = op.pathTemplate;
  const query = new URLSearchParams();
  for (const p of op.parameters) {
    const value = exampleOf(p);
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    else if (p.in === 'query' && value !== undefined) query.set(p.name, String(value));
  }
  const search = query.toString();
  const req: BuiltRequest = {
    method: op.method.toUpperCase(),
    path: search ? `${path}?${search}` : path,
    headers: {},
  };
  const media = op.requestBody?.content['application/json'];
  if (media) {
    const example = media.examples.default ?? Object.values(media.examples)[0];
    if (example !== undefined) {
      req.body = JSON.stringify(example);
      req.headers['content-type'] = 'application/json';
    }
  }
  return req;
}

// Destructive operations last, so they do not remove what the others read.
const destructive = (op: OperationSpec) =>
  op.method === 'delete' ? 2 : /suspend|block/i.test(op.operationId) ? 1 : 0;

describe('bundled sandbox against the bundled contract', () => {
  let sandbox: Sandbox;
  let contract: Contract;
  beforeAll(async () => {
    contract = await loadContract(defaultContractPath());
    sandbox = await startSandbox({ limit: 100_000 });
  });
  afterAll(async () => {
    await sandbox.close();
    await closeAgents();
  });

  it('answers every operation with a response valid against the contract', async () => {
    const ops = [...contract.operations].sort((a, b) => destructive(a) - destructive(b));
    const problems: string[] = [];
    const statuses: Record<string, number> = {};
    for (const op of ops) {
      const req = buildRequest(op);
      const r = await call(sandbox, req.path, { method: req.method, headers: req.headers, body: req.body });
      statuses[op.operationId] = r.status;
      const issues = contract.validators.responseBody(
        op.operationId,
        r.status,
        r.headers['content-type'] ?? '',
        r.body,
      );
      if (typeof issues === 'string') problems.push(`${op.operationId} ${r.status}: ${issues}`);
      else
        for (const i of issues) problems.push(`${op.operationId} ${r.status} ${i.instancePath} ${i.message}`);
      const headerIssues = contract.validators.responseHeaders(op.operationId, r.status, r.headers);
      for (const i of headerIssues) problems.push(`${op.operationId} ${r.status} ${i.message}`);
      if (r.status === 400 && (r.body as { errorCode?: string })?.errorCode === 'P403') {
        problems.push(
          `${op.operationId}: documented example rejected: ${(r.body as { errorMessage: string }).errorMessage}`,
        );
      }
    }
    expect(problems).toEqual([]);
    expect(contract.operations.length).toBeGreaterThan(50);
    expect(Object.keys(statuses)).toHaveLength(contract.operations.length);
    const non2xx = Object.entries(statuses).filter(([, s]) => s < 200 || s >= 300);
    expect(non2xx).toEqual([]);
  });

  it('answers a 429 the contract accepts once the limit is spent', async () => {
    const small = await startSandbox({ limit: 2, windowMs: 60_000 });
    try {
      const op = contract.operations.find(
        (o) => o.method === 'get' && o.parameters.every((p) => !p.required),
      );
      expect(op).toBeDefined();
      const path = (op as OperationSpec).pathTemplate;
      await call(small, path);
      await call(small, path);
      const r = await call(small, path);
      expect(r.status).toBe(429);
      const id = (op as OperationSpec).operationId;
      expect(contract.validators.responseBody(id, 429, r.headers['content-type'], r.body)).toEqual([]);
      expect(contract.validators.responseHeaders(id, 429, r.headers)).toEqual([]);
      const unauth = await call(small, path, { noKey: true, from: '127.0.0.40' });
      expect(unauth.status).toBe(401);
      expect(contract.validators.responseBody(id, 401, unauth.headers['content-type'], unauth.body)).toEqual(
        [],
      );
    } finally {
      await small.close();
    }
  });
});
