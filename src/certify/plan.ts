import { parseSourceIps as parseCapacitySources, parseStepStages } from '../capacity/plan';
import { parseSlo } from '../capacity/slo';
import type { Slo } from '../capacity/types';
import type { LoadedConfig } from '../config/types';
import type { Stage } from '../engine/types';
import { usageError } from '../errors';
import { parseList, parsePositiveInt } from '../limits/cli-options';
import { parseSourceIps } from '../limits/sources';
import { defaultContractPath, defaultPolicyPath, loadPolicy, parseDuration } from '../policy/index';
import type { PolicyOverrides, RateLimitPolicy } from '../policy/types';
import { configField, configValue } from './config-values';
import { validateCheckIds } from './select-checks';

/** Command-line flags of `pacer certify` (all text, as commander gives them). */
export interface CertifyFlags {
  target?: string;
  config?: string;
  out?: string;
  quick?: boolean;
  capacity?: boolean;
  apiKeyEnv?: string;
  limit?: string;
  window?: string;
  sourceIps?: string;
  checks?: string;
  excludeChecks?: string;
  /** Hidden: fault profiles for the embedded sandbox (acceptance tests, demos). */
  sandboxFault?: string[];
}

/** The shortened policy of the embedded sandbox: a whole certification in about a minute. */
export const EMBEDDED_LIMIT = 30;
export const EMBEDDED_WINDOW_MS = 3000;

/** Disjoint loopback ranges per phase, so no phase starts in a window another one spent. */
const EMBEDDED_SOURCES = {
  conformance: '127.0.0.101-127.0.0.112',
  limits: '127.0.0.120-127.0.0.139',
  capacity: '127.0.0.150-127.0.0.199',
};

export interface CertifyPlan {
  mode: 'quick' | 'full';
  target: { kind: 'embedded-sandbox'; faults: string[] } | { kind: 'external'; url: string };
  /** The key itself (from the environment) and the variable it came from. Never written anywhere. */
  apiKey: string | undefined;
  apiKeyEnv: string;
  secondApiKey: string | undefined;
  contractFile: string;
  policyFile: string;
  policy: RateLimitPolicy;
  /** Limit and window the policy file documents (before overrides), for the report note. */
  documented: { limit: number; windowMs: number };
  /** Why the run's window differs from the documented one, in words (every report shows it). */
  windowNote?: string;
  outBase: string;
  /** Source addresses per phase; `null` = the OS default address. */
  sources: { conformance: string[]; limits: string[]; capacity: string[] | null };
  checks: { only?: string[]; exclude?: string[]; required?: string[]; warnings: string[] };
  conformance: {
    enabled: boolean;
    budget: number;
    operations?: string[];
    seed: number;
    timeoutMs: number;
  };
  limits: {
    enabled: boolean;
    probes?: string[];
    steadyWindows: number;
    /** Extra reset-boundary measurements (full runs), each on its own fresh address. */
    boundaryRepeats: number;
    timeoutMs: number;
  };
  capacity: {
    enabled: boolean;
    stages: Stage[];
    mix: string;
    slo: Slo | null;
    minPartners: number | null;
  };
  configFile: string | null;
}

export interface PlanInput {
  flags: CertifyFlags;
  config: LoadedConfig | null;
  env: NodeJS.ProcessEnv;
}

/**
 * Flags over config over defaults -> one plan. Every problem is a PacerError (exit 2) naming the
 * flag, or the config file, field and line.
 */
export async function buildPlan({ flags, config, env }: PlanInput): Promise<CertifyPlan> {
  const c = config?.config ?? {};
  const url = flags.target ?? c.target;
  if (url !== undefined) assertUrl(url, flags.target !== undefined ? '--target' : null, config);
  const embedded = url === undefined;
  const faults = flags.sandboxFault ?? [];
  if (!embedded && faults.length > 0)
    throw usageError(
      '--sandbox-fault applies to the embedded sandbox only (drop --target)',
      '--sandbox-fault',
    );

  const apiKeyEnv = flags.apiKeyEnv ?? c.apiKeyEnv ?? 'PACER_API_KEY';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv))
    throw usageError('--api-key-env takes the NAME of an environment variable, not a key', '--api-key-env');
  const apiKey = nonEmpty(env[apiKeyEnv]);
  if (!embedded && apiKey === undefined) {
    throw usageError(
      `no API key: set the environment variable ${apiKeyEnv} (or name another with --api-key-env / apiKeyEnv)`,
      '--api-key-env',
    );
  }
  const secondApiKey = c.secondApiKeyEnv ? nonEmpty(env[c.secondApiKeyEnv]) : undefined;

  const policyFile = c.policy?.file ?? defaultPolicyPath();
  const documentedPolicy = await loadPolicy(policyFile);
  const documented = { limit: documentedPolicy.limit, windowMs: documentedPolicy.windowMs };
  const overrides: PolicyOverrides = {};
  if (flags.limit !== undefined) overrides.limit = parsePositiveInt(flags.limit, '--limit');
  else if (c.policy?.limit !== undefined) overrides.limit = c.policy.limit;
  else if (embedded) overrides.limit = EMBEDDED_LIMIT;
  if (flags.window !== undefined) overrides.windowMs = parseDuration(flags.window, '--window');
  else if (c.policy?.window !== undefined)
    overrides.windowMs = configValue(config, '/policy/window', () =>
      parseDuration(c.policy?.window ?? '', 'policy.window'),
    );
  else if (embedded) overrides.windowMs = EMBEDDED_WINDOW_MS;
  if (c.policy?.profile) overrides.profile = c.policy.profile;
  const policy = await loadPolicy(policyFile, overrides);
  const windowNote = noteFor(policy, documented, embedded);

  const quick = flags.quick === true;
  const sources = planSources(flags, config, embedded);
  const checks = {
    only: flags.checks !== undefined ? parseList(flags.checks) : c.checks?.only,
    exclude: flags.excludeChecks !== undefined ? parseList(flags.excludeChecks) : c.checks?.exclude,
    required: c.checks?.required,
    warnings: c.checks?.warnings ?? [],
  };
  validateCheckIds(
    checks,
    {
      only: flags.checks !== undefined ? 'flag' : 'config',
      exclude: flags.excludeChecks !== undefined ? 'flag' : 'config',
    },
    config,
  );

  const capacityEnabled = flags.capacity === true || c.capacity?.enabled === true;
  const stageMs = c.capacity?.stageDuration
    ? configValue(config, '/capacity/stageDuration', () =>
        parseDuration(c.capacity?.stageDuration ?? '', 'capacity.stageDuration'),
      )
    : embedded
      ? 2000
      : 10_000;
  const stages = c.capacity?.stages
    ? parseStepStages(c.capacity.stages.join(','), stageMs, 'capacity.stages')
    : defaultStages(policy, stageMs, embedded);
  const slo = c.thresholds?.slo
    ? configValue(config, '/thresholds/slo', () => parseSlo(c.thresholds?.slo ?? '', 'thresholds.slo'))
    : null;

  return {
    mode: quick ? 'quick' : 'full',
    target: embedded ? { kind: 'embedded-sandbox', faults } : { kind: 'external', url },
    apiKey,
    apiKeyEnv,
    secondApiKey,
    contractFile: c.contract ?? defaultContractPath(),
    policyFile,
    policy,
    documented,
    ...(windowNote ? { windowNote } : {}),
    outBase: flags.out ?? c.out ?? 'reports',
    sources,
    checks,
    conformance: {
      enabled: c.conformance?.enabled !== false,
      budget: c.conformance?.budget ?? 0.5,
      ...(c.conformance?.operations ? { operations: c.conformance.operations } : {}),
      seed: c.conformance?.seed ?? 1,
      timeoutMs: c.conformance?.timeout
        ? configValue(config, '/conformance/timeout', () =>
            parseDuration(c.conformance?.timeout ?? '', 'conformance.timeout'),
          )
        : 15_000,
    },
    limits: {
      enabled: c.limits?.enabled !== false,
      ...(c.limits?.probes ? { probes: c.limits.probes } : {}),
      steadyWindows: c.limits?.steadyWindows ?? (quick ? 2 : 4),
      boundaryRepeats: quick ? 0 : (c.limits?.boundaryRepeats ?? 2),
      timeoutMs: c.limits?.timeout
        ? configValue(config, '/limits/timeout', () =>
            parseDuration(c.limits?.timeout ?? '', 'limits.timeout'),
          )
        : 10_000,
    },
    capacity: {
      enabled: capacityEnabled,
      stages,
      mix: c.capacity?.mix ?? 'read-heavy',
      slo,
      minPartners: c.thresholds?.minPartners ?? null,
    },
    configFile: config?.file ?? null,
  };
}

function planSources(
  flags: CertifyFlags,
  config: LoadedConfig | null,
  embedded: boolean,
): CertifyPlan['sources'] {
  const fromConfig = config?.config.sourceIps;
  let given: string[] | null = null;
  if (flags.sourceIps !== undefined) given = parseSourceIps(flags.sourceIps);
  else if (fromConfig !== undefined) {
    const text = Array.isArray(fromConfig) ? fromConfig.join(',') : fromConfig;
    given = configValue(config, '/sourceIps', () => parseSourceIps(text, 'sourceIps'));
  }
  if (given) return { conformance: given, limits: given, capacity: given };
  if (embedded) {
    return {
      conformance: parseSourceIps(EMBEDDED_SOURCES.conformance),
      limits: parseSourceIps(EMBEDDED_SOURCES.limits),
      capacity: parseCapacitySources(EMBEDDED_SOURCES.capacity),
    };
  }
  // One egress address: phases share it and wait for a fresh window between them.
  return { conformance: [], limits: [], capacity: null };
}

/** Two stages at a third and two thirds of what the addresses may send, a short look, not a study. */
function defaultStages(policy: RateLimitPolicy, stageMs: number, embedded: boolean): Stage[] {
  const perSource = policy.limit / (policy.windowMs / 1000);
  const base = embedded ? Math.max(5, Math.round(perSource * 2)) : Math.max(5, Math.round(perSource * 5));
  return [
    { rate: base, durationMs: stageMs },
    { rate: base * 2, durationMs: stageMs },
  ];
}

function noteFor(
  policy: RateLimitPolicy,
  documented: { limit: number; windowMs: number },
  embedded: boolean,
): string | undefined {
  if (policy.windowMs === documented.windowMs && policy.limit === documented.limit) return undefined;
  const s = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
  const verb = policy.windowMs < documented.windowMs ? 'shortened' : 'changed';
  const why = embedded ? ' for the embedded sandbox' : '';
  return (
    `window ${verb} from ${s(documented.windowMs)} to ${s(policy.windowMs)}${why} ` +
    `(limit ${policy.limit} per ${s(policy.windowMs)} instead of the documented ${documented.limit} per ${s(documented.windowMs)}); ` +
    'the verdicts judge the limiter at this scale, not the production setting'
  );
}

function assertUrl(url: string, flag: string | null, config: LoadedConfig | null): void {
  let ok = false;
  try {
    const u = new URL(url);
    ok = u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (ok) return;
  const why = `not an http(s) URL: ${JSON.stringify(url)}`;
  if (flag) throw usageError(`${flag}: ${why}`, flag);
  throw configField(config, '/target', why);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.length === 0 ? undefined : v;
}
