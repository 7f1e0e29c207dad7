import { randomBytes } from 'node:crypto';
import { assertReachable } from '../limits/preflight';
import { DEMO_API_KEY, type Sandbox, startSandbox } from '../sandbox/index';
import type { CertifyPlan } from './plan';

export interface ResolvedTarget {
  url: string;
  kind: 'embedded-sandbox' | 'external';
  apiKey: string;
  secondApiKey: string | undefined;
  /** Stops the embedded sandbox (no-op for an external target). */
  close(): Promise<void>;
}

/**
 * The embedded sandbox (started with the run's policy and the run's keys, so a distinctive key in
 * the environment is what the sandbox accepts) or an external target checked to accept connections:
 * a down target is exit 3 before any folder is created or quota spent.
 */
export async function resolveTarget(plan: CertifyPlan): Promise<ResolvedTarget> {
  if (plan.target.kind === 'external') {
    const first = plan.sources.conformance[0] ?? plan.sources.limits[0] ?? null;
    await assertReachable(plan.target.url, first, Math.min(plan.limits.timeoutMs, 5000));
    return {
      url: plan.target.url,
      kind: 'external',
      apiKey: plan.apiKey ?? '',
      secondApiKey: plan.secondApiKey,
      close: async () => {},
    };
  }
  const apiKey = plan.apiKey ?? DEMO_API_KEY;
  // A second key of the same partner, random per run: lets the two-keys probe run against the sandbox.
  const secondApiKey = plan.secondApiKey ?? `pacer-second-${randomBytes(8).toString('hex')}`;
  const sandbox: Sandbox = await startSandbox({
    host: '127.0.0.1',
    limit: plan.policy.limit,
    windowMs: plan.policy.windowMs,
    faults: plan.target.faults,
    apiKeys: [apiKey, secondApiKey],
    seed: 1,
  });
  return {
    url: sandbox.url,
    kind: 'embedded-sandbox',
    apiKey,
    secondApiKey,
    close: () => sandbox.close(),
  };
}
