import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Verdict } from '../checks/types';
import type { RateLimitPolicy } from '../policy/types';
import type { ClockOffset } from '../probes/clock-offset';
import type { ProbeOutcome } from './run-probes';
import { countOutcomes } from './verdict-table';

/** results.json of `pacer limits` / `pacer analyze` (simple on purpose; the report schema comes later). */
export interface LimitsResultsFile {
  schema: 'pacer.limits.v1';
  /** `limits` (probes run now) or `analyze` (a saved trace re-evaluated). */
  mode: 'limits' | 'analyze';
  /** Target origin and path, never credentials. */
  target: string | null;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  /** pass: no check failed; fail: at least one did; interrupted: Ctrl-C, verdicts are over partial data. */
  outcome: 'pass' | 'fail' | 'interrupted';
  summary: Record<Verdict['outcome'], number>;
  clockOffset: ClockOffset | null;
  policy: RateLimitPolicy;
  environment: {
    pacerVersion: string;
    node: string;
    platform: string;
    sources: Array<string | null>;
    traceFile: string | null;
    records: number;
  };
  probes: ProbeOutcome[];
  verdicts: Verdict[];
}

export function outcomeOf(verdicts: readonly Verdict[], interrupted: boolean): LimitsResultsFile['outcome'] {
  if (interrupted) return 'interrupted';
  return verdicts.some((v) => v.outcome === 'fail') ? 'fail' : 'pass';
}

export function buildResults(
  fields: Omit<LimitsResultsFile, 'schema' | 'outcome' | 'summary'>,
): LimitsResultsFile {
  return {
    schema: 'pacer.limits.v1',
    ...fields,
    outcome: outcomeOf(fields.verdicts, fields.interrupted),
    summary: countOutcomes(fields.verdicts),
  };
}

/** Writes the file; `secrets` are replaced if they ever reach it (defence in depth: they should not). */
export function writeResults(
  file: string,
  results: LimitsResultsFile,
  secrets: readonly string[] = [],
): void {
  let text = `${JSON.stringify(results, null, 2)}\n`;
  for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Origin + path of a target URL, without user info or query (which may carry credentials). */
export function publicTarget(target: string): string {
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '[invalid target]';
  }
}
