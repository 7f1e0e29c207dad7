/**
 * esbuild strips types without checking them, so `npm run typecheck` (part of `npm test`) checks the
 * scenarios against @types/k6 with scenarios/tsconfig.json. This proves those settings do catch a
 * misuse of the k6 API, so a passing type-check means something.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const tsc = (project: string) =>
  spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project], {
    encoding: 'utf8',
  });

describe('scenarios type-check against @types/k6', () => {
  it('scenarios/tsconfig.json settings reject a wrong k6 call', () => {
    // Under node_modules/.cache so module resolution finds @types/k6 as it does for scenarios/.
    const dir = resolve('node_modules/.cache/pacer-k6-typecheck');
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(
        join(dir, 'bad.ts'),
        "import http from 'k6/http';\nhttp.setResponseCallback(http.expectedStatuses('429'));\n",
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: resolve('scenarios/tsconfig.json'), include: ['./bad.ts'] }),
      );
      const r = tsc(join(dir, 'tsconfig.json'));
      expect(r.status).not.toBe(0);
      expect(r.stdout).toMatch(/bad\.ts\(2,\d+\): error TS2345/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
