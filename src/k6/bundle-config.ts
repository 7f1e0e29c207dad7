/**
 * What `pacer k6 build` inlines into every k6 bundle: k6 cannot read the YAML policy or the OpenAPI
 * contract at run time (no `open()` of YAML, no npm packages), so the build resolves them once and
 * the bundle carries the result as a constant. Pure types and functions: this module is bundled
 * into the k6 scripts too.
 */
import type { RateLimitPolicy } from '../policy/types';

/** One request shape a scenario may send (a cheap read from the contract). */
export interface K6Operation {
  operationId: string | null;
  method: string;
  /** OpenAPI path template, e.g. `/v1/partner/balances`. */
  pathTemplate: string;
  /** Path and query actually requested. */
  path: string;
}

/** The policy without its provenance map (the bundle states its source once, in `source`). */
export type BundledPolicy = Omit<RateLimitPolicy, 'provenance'>;

export interface K6BundleConfig {
  /** Format version of this object, bumped when a field changes meaning. */
  version: 1;
  policy: BundledPolicy;
  /** The operation the single-operation scenarios repeat. */
  operation: K6Operation;
  /** Reads the mixed-endpoint, soak and capacity scenarios rotate over. */
  operations: K6Operation[];
  /** Where the values came from (file paths relative to the package, pacer version). */
  source: { policy: string; contract: string; pacerVersion: string };
}

/** The name esbuild `define` replaces with the JSON of a K6BundleConfig. */
export const BUNDLE_CONFIG_GLOBAL = '__PACER_K6_CONFIG__';

export function makeBundleConfig(args: {
  policy: RateLimitPolicy;
  operation: K6Operation;
  operations: readonly K6Operation[];
  source: K6BundleConfig['source'];
}): K6BundleConfig {
  const { provenance: _provenance, ...policy } = args.policy;
  return {
    version: 1,
    policy,
    operation: { ...args.operation },
    operations: args.operations.map((o) => ({ ...o })),
    source: { ...args.source },
  };
}
