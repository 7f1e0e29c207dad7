/**
 * The run's settings: policy and operations inlined at build time, target/key/overrides from
 * `__ENV` (PACER_TARGET, PACER_API_KEY, PACER_LIMIT, PACER_WINDOW, PACER_OPERATION, PACER_SOURCE,
 * PACER_REPORT_DIR). Resolved once per VU at init.
 */
import type { K6BundleConfig } from '../../src/k6/bundle-config';
import {
  envDuration,
  envInt,
  envNumber,
  type RuntimeConfig,
  resolveRuntimeConfig,
} from '../../src/k6/runtime-config';

function bundled(): K6BundleConfig {
  // Running the .ts directly (k6 >= 0.57) skips the build that inlines the policy.
  if (typeof __PACER_K6_CONFIG__ === 'undefined') {
    throw new Error(
      'pacer: this script must be built with `pacer k6 build` (policy and contract are inlined then)',
    );
  }
  return __PACER_K6_CONFIG__;
}

export const config: RuntimeConfig = resolveRuntimeConfig(bundled(), __ENV);

export const envIntOr = (name: string, fallback: number): number => envInt(__ENV, name, fallback);
export const envNumberOr = (name: string, fallback: number): number => envNumber(__ENV, name, fallback);
export const envDurationOr = (name: string, fallbackMs: number): number =>
  envDuration(__ENV, name, fallbackMs);

/** k6 duration strings accept milliseconds, which keeps short test windows exact. */
export const k6Duration = (ms: number): string => `${Math.max(1, Math.round(ms))}ms`;
