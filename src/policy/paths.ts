import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The pacer package root: the nearest folder above this module holding pacer's package.json.
 * Works from src/policy/ (vitest, tsx) and from the bundled dist/pacer.js alike.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isPacerManifest(manifest)) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  cachedRoot = process.cwd();
  return cachedRoot;
}

function isPacerManifest(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'pacer';
  } catch {
    return false;
  }
}

/** conformance/ratelimit-policy.yaml in the package. */
export const defaultPolicyPath = (): string => resolve(packageRoot(), 'conformance', 'ratelimit-policy.yaml');

/** conformance/partner-api.yaml in the package. */
export const defaultContractPath = (): string => resolve(packageRoot(), 'conformance', 'partner-api.yaml');
