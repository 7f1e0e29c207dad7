import { loadContract } from '../contract/index';
import { resolveOptions } from './options';
import { startSandboxWith } from './server';
import type { Sandbox, SandboxOptions } from './types';

export { FAULTS, faultNames, listFaults } from './faults/index';
export { TRUTH_PATH } from './http/responses';
export type { SandboxParts } from './server';
export { startSandboxWith } from './server';
export type { Sandbox, SandboxOptions, SandboxTruth, WindowTruth } from './types';
export { DEMO_API_KEY } from './types';

/**
 * Starts the reference sandbox of the Partner API (the bundled contract and business logic) on an
 * ephemeral port unless `options.port` says otherwise. Options are validated before anything is
 * loaded, so a bad option fails fast with a PacerError naming it.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const contract = await loadContract(resolved.contractFile);
  // Loaded on demand so `pacer sandbox --list-faults` and other commands never pay for it.
  const { createBusinessLogic } = await import('./logic/index');
  const logic = createBusinessLogic({ seed: resolved.seed });
  return startSandboxWith(options, { contract, logic });
}
