import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname, platform, release } from 'node:os';
import type { RunEnvironment } from './types';

/** sha256 (hex) of a file, for the certificate: which exact contract was judged. */
export async function fileSha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** The environment block of results.json; reads the contract to hash it. */
export async function collectEnvironment(input: {
  contractFile: string | null;
  policyFile: string | null;
  clockOffsetMs: number | null;
  sourceAddresses: readonly string[];
}): Promise<RunEnvironment> {
  return {
    node: process.version,
    os: `${platform()} ${release()}`,
    hostname: hostname() || 'localhost',
    contractFile: input.contractFile,
    contractHash: input.contractFile ? await fileSha256(input.contractFile) : null,
    policyFile: input.policyFile,
    clockOffsetMs: input.clockOffsetMs,
    sourceAddresses: [...input.sourceAddresses],
  };
}
