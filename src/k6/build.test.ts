import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultContractPath } from '../policy/index';
import {
  buildK6Scenarios,
  checkOperationsInContract,
  foreignImports,
  listScenarios,
  resolveBundleConfig,
} from './build';

describe('k6 build', () => {
  it('inlines the policy file and the contract operations, with overrides baked in', () => {
    const config = resolveBundleConfig({ overrides: { limit: 20, windowMs: 10_000 } });
    expect(config.policy.limit).toBe(20);
    expect(config.policy.windowMs).toBe(10_000);
    expect(config.policy.tooManyRequests.windowText).toBe('10 seconds');
    expect(config.policy.headers.remaining).toBe('X-RateLimit-Remaining');
    expect(config.operations.map((o) => o.operationId)).toEqual([
      'getPartnerNetworkFee',
      'getPartnerBalances',
      'getPartnerSepaDepositInfo',
    ]);
    expect(config.source.policy).toBe('conformance/ratelimit-policy.yaml');
  });

  it('refuses an operation the contract does not define, naming the file', () => {
    const op = {
      operationId: 'getPartnerBalances',
      method: 'GET',
      pathTemplate: '/v1/nowhere',
      path: '/v1/nowhere',
    };
    expect(() => checkOperationsInContract(defaultContractPath(), [op])).toThrow(/does not define/);
    const renamed = { ...op, pathTemplate: '/v1/partner/balances', operationId: 'getBalancez' };
    expect(() => checkOperationsInContract(defaultContractPath(), [renamed])).toThrow(
      /it names getPartnerBalances/,
    );
  });

  it('lists scenarios without declarations or tests, and refuses unknown names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacer-k6-scn-'));
    writeFileSync(
      join(dir, 'one.ts'),
      "import http from 'k6/http';\nexport default () => http.get('http://x');\n",
    );
    writeFileSync(join(dir, 'types.d.ts'), 'declare const x: number;\n');
    writeFileSync(join(dir, 'one.test.ts'), '');
    expect(listScenarios(dir)).toEqual(['one']);
    await expect(
      buildK6Scenarios({ scenarioDir: dir, outDir: join(dir, 'out'), scenarios: ['two'] }),
    ).rejects.toThrow(/unknown scenario "two" \(known: one\)/);
    const [file] = await buildK6Scenarios({ scenarioDir: dir, outDir: join(dir, 'out') });
    expect(readFileSync(file, 'utf8')).toMatch(/import http from "k6\/http"/);
  });

  it('a scenario reaching for a Node built-in does not build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacer-k6-bad-'));
    writeFileSync(
      join(dir, 'bad.ts'),
      "import { readFileSync } from 'node:fs';\nexport default () => readFileSync('x');\n",
    );
    await expect(buildK6Scenarios({ scenarioDir: dir, outDir: join(dir, 'out') })).rejects.toMatchObject({
      code: 'PACER_ERR_PARSE',
    });
  });

  it('flags every import that is not k6 in the metafile', () => {
    const output = (paths: string[]) => ({
      bytes: 1,
      inputs: {},
      exports: [],
      imports: paths.map((path) => ({ path, kind: 'import-statement' as const, external: true })),
    });
    expect(
      foreignImports({
        inputs: {},
        outputs: { 'a.js': output(['k6', 'k6/http', 'k6/x/kv']), 'b.js': output(['fs', 'k6x']) },
      }),
    ).toEqual(['fs', 'k6x']);
  });
});
