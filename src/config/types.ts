import type { PolicyProfile } from '../policy/types';

/**
 * pacer.config.yaml after validation (schemas/config.schema.json). Durations are still text here:
 * they are parsed with the field name, so an error can point at the file and line.
 */
export interface CertifyConfig {
  /** Base URL of the API under test; absent: the embedded sandbox. */
  target?: string;
  /** Name of the environment variable holding the key; the key itself is never in the file. */
  apiKeyEnv?: string;
  secondApiKeyEnv?: string;
  contract?: string;
  out?: string;
  policy?: {
    file?: string;
    limit?: number;
    window?: string;
    profile?: Partial<PolicyProfile>;
  };
  sourceIps?: string | string[];
  checks?: {
    only?: string[];
    exclude?: string[];
    required?: string[];
    warnings?: string[];
  };
  conformance?: {
    enabled?: boolean;
    budget?: number;
    operations?: string[];
    seed?: number;
    timeout?: string;
  };
  limits?: {
    enabled?: boolean;
    probes?: string[];
    steadyWindows?: number;
    boundaryRepeats?: number;
    timeout?: string;
  };
  capacity?: {
    enabled?: boolean;
    stages?: number[];
    stageDuration?: string;
    mix?: string;
  };
  thresholds?: {
    slo?: string;
    minPartners?: number;
  };
}

/** A loaded config and how to point back into its file. */
export interface LoadedConfig {
  file: string;
  config: CertifyConfig;
  /** 1-based line of a JSON pointer (e.g. `/policy/window`), when known. */
  lineOf(pointer: string): number | undefined;
}
