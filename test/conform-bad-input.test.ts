import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance } from '../src/conform/runner';

/** Tiny targets that misbehave at the HTTP level: the runner must end in verdicts, never a crash. */
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

type Reply = (res: import('node:http').ServerResponse) => void;

async function serve(reply: Reply): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    res.setHeader('x-ratelimit-limit', '1000');
    res.setHeader('x-ratelimit-remaining', '999');
    res.setHeader('x-ratelimit-reset', String(Math.ceil(Date.now() / 1000) + 60));
    reply(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const run = (target: string) =>
  runConformance({
    target,
    apiKey: 'k',
    operations: ['getPartnerBalances', 'createUser'],
    seed: 1,
    timeoutMs: 3000,
  });

describe('bad input ends in verdicts with a reason', () => {
  it('non-JSON bodies for JSON operations fail CT-BODY-SCHEMA with what arrived', async () => {
    const target = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('this is not json');
    });
    const result = await run(target);
    const v = result.verdicts.find(
      (x) => x.checkId === 'CT-BODY-SCHEMA' && x.operationId === 'getPartnerBalances',
    );
    expect(v?.outcome).toBe('fail');
    expect(v?.evidence[0].message).toMatch(/not valid JSON/);
    expect(v?.evidence[0].observed).toContain('this is not json');
  });

  it('HTML error pages fail body and content-type checks, not the run', async () => {
    const target = await serve((res) => {
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end('<html><body><h1>400 Bad Request</h1></body></html>');
    });
    const result = await run(target);
    const failed = new Set(result.verdicts.filter((v) => v.outcome === 'fail').map((v) => v.checkId));
    expect(failed).toContain('CT-CONTENT-TYPE');
    expect(failed).toContain('CT-BODY-SCHEMA');
    expect(failed).toContain('CT-POSITIVE-ACCEPTED');
  });

  it('truncated bodies fail CT-BODY-SCHEMA as incomplete', async () => {
    const target = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"balances": [');
      setTimeout(() => res.destroy(), 20);
    });
    const result = await run(target);
    const v = result.verdicts.find(
      (x) => x.checkId === 'CT-BODY-SCHEMA' && x.operationId === 'getPartnerBalances',
    );
    expect(v?.outcome).toBe('fail');
    expect(v?.evidence.map((e) => e.message).join(' ')).toMatch(/incomplete|not valid JSON/);
  });

  it('a contract that does not compile gives a failing CT-CONTRACT-LOADS verdict', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pacer-conform-'));
    const file = join(dir, 'broken.yaml');
    await writeFile(
      file,
      'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {a: {$ref: "#/components/schemas/Nope"}}}\n',
    );
    const result = await runConformance({ target: 'http://127.0.0.1:9', apiKey: 'k', contract: file });
    expect(result.contractError).toBeTruthy();
    expect(result.verdicts).toHaveLength(1);
    expect(result.verdicts[0]).toMatchObject({ checkId: 'CT-CONTRACT-LOADS', outcome: 'fail' });
    expect(result.verdicts[0].reason).toContain('broken.yaml');
  });

  it('a malformed x-pacer-error-shapes convention stops the run before any traffic, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pacer-conform-'));
    const file = join(dir, 'conventions.yaml');
    await writeFile(
      file,
      'openapi: 3.1.0\ninfo: {title: x, version: "1"}\nx-pacer-error-shapes: {validation: {status: 200}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        "200":\n          description: ok\n',
    );
    const result = await runConformance({ target: 'http://127.0.0.1:9', apiKey: 'k', contract: file });
    expect(result.stats.requests).toBe(0);
    expect(result.verdicts).toHaveLength(1);
    expect(result.verdicts[0]).toMatchObject({ checkId: 'CT-CONTRACT-LOADS', outcome: 'fail' });
    expect(result.verdicts[0].reason).toMatch(
      /x-pacer-error-shapes.*\/x-pacer-error-shapes\/validation\/status/,
    );
  });

  it('a malformed x-pacer-relations hint gives a failing CT-CONTRACT-LOADS verdict naming it, no traffic', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pacer-conform-'));
    const file = join(dir, 'hint.yaml');
    await writeFile(
      file,
      'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    post:\n      operationId: postA\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {a: {type: integer}, b: {type: integer}}, x-pacer-relations: [{lessOrEqual: [a, /b]}]}\n      responses:\n        "200":\n          description: ok\n',
    );
    const result = await runConformance({ target: 'http://127.0.0.1:9', apiKey: 'k', contract: file });
    expect(result.stats.requests).toBe(0);
    expect(result.verdicts).toHaveLength(1);
    expect(result.verdicts[0]).toMatchObject({ checkId: 'CT-CONTRACT-LOADS', outcome: 'fail' });
    expect(result.contractError).toMatch(/x-pacer-relations: entry 0: "a" is not a pointer/);
  });

  it('an unknown check id is a usage error raised before any request is sent', async () => {
    let requests = 0;
    const target = await serve((res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await expect(
      runConformance({ target, apiKey: 'k', operations: ['getPartnerBalances'], checks: ['CT-NOPE'] }),
    ).rejects.toMatchObject({ code: 'PACER_ERR_INVALID_OPTION', message: expect.stringMatching(/CT-NOPE/) });
    expect(requests).toBe(0);
  });

  it('--checks / --exclude-checks select the verdicts, each naming its operation', async () => {
    const target = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const only = await runConformance({
      target,
      apiKey: 'k',
      operations: ['getPartnerBalances', 'createUser'],
      checks: ['CT-STATUS-DOCUMENTED', 'CT-AUTH'],
      excludeChecks: ['CT-AUTH'],
      timeoutMs: 3000,
    });
    expect(only.verdicts.map((v) => `${v.operationId}/${v.checkId}`).sort()).toEqual([
      'createUser/CT-STATUS-DOCUMENTED',
      'getPartnerBalances/CT-STATUS-DOCUMENTED',
    ]);
  });

  it('an unreachable target is a target-unreachable error (exit 3), not a crash', async () => {
    await expect(
      runConformance({ target: 'http://127.0.0.1:9', apiKey: 'k', operations: ['getPartnerBalances'] }),
    ).rejects.toMatchObject({
      code: 'PACER_ERR_TARGET_UNREACHABLE',
    });
  });
});
