// Replaced by `pacer k6 build` (esbuild define) with the JSON of the policy and operations.
declare const __PACER_K6_CONFIG__: import('../../src/k6/bundle-config').K6BundleConfig;

// k6 provides console; @types/k6 does not declare it.
declare const console: {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};

// Reached only through a type import (src/probes/types via src/limits/operations); never used in k6.
interface AbortSignal {
  readonly aborted: boolean;
}
