import { readFileSync } from 'node:fs';

/** Read once from package.json so reports and --version always agree with the release. */
function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    // dist/pacer.js sits one level higher than src/cli/version.ts.
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  }
}

export const PACER_VERSION = readVersion();
