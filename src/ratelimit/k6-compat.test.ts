import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The k6 scenarios bundle these modules: they must build for es2019 with no platform modules
 * (k6 v0.49 rejects ES2020 syntax and has no Node built-ins).
 */
describe('src/ratelimit in a k6 bundle', () => {
  it('bundles for es2019 on the neutral platform without Node built-ins', async () => {
    const out = await build({
      entryPoints: ['src/ratelimit/response-checks.ts', 'src/ratelimit/headers.ts'],
      bundle: true,
      write: false,
      outdir: 'out',
      format: 'esm',
      platform: 'neutral',
      target: 'es2019',
      logLevel: 'silent',
    });
    expect(out.errors).toEqual([]);
    for (const file of out.outputFiles) {
      expect(file.text).not.toMatch(/\bfrom ["']node:|require\(/);
      expect(file.text).not.toContain('??');
      expect(file.text).not.toContain('?.');
    }
  });
});
