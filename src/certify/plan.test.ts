import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load';
import { PacerError } from '../errors';
import { packageRoot } from '../policy/paths';
import { buildPlan, type CertifyFlags, EMBEDDED_LIMIT, EMBEDDED_WINDOW_MS } from './plan';

const dir = mkdtempSync(join(tmpdir(), 'pacer-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function config(text: string) {
  const f = join(dir, `c${Math.random().toString(16).slice(2)}.yaml`);
  writeFileSync(f, text);
  return loadConfig(f);
}

const plan = (
  flags: CertifyFlags,
  env: NodeJS.ProcessEnv = {},
  cfg: Awaited<ReturnType<typeof config>> | null = null,
) => buildPlan({ flags, config: cfg, env });

async function rejects(p: Promise<unknown>): Promise<PacerError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof PacerError)) throw new Error('expected a PacerError');
  return err;
}

describe('buildPlan', () => {
  it('embedded sandbox: shortened window, stated in the note, disjoint sources per phase', async () => {
    const p = await plan({ quick: true });
    expect(p.target).toEqual({ kind: 'embedded-sandbox', faults: [] });
    expect(p.policy.limit).toBe(EMBEDDED_LIMIT);
    expect(p.policy.windowMs).toBe(EMBEDDED_WINDOW_MS);
    expect(p.documented).toEqual({ limit: 300, windowMs: 60_000 });
    expect(p.windowNote).toContain('window shortened from 60 s to 3 s for the embedded sandbox');
    const conf = new Set(p.sources.conformance);
    expect(p.sources.limits.some((s) => conf.has(s))).toBe(false);
    expect(p.sources.capacity?.some((s) => conf.has(s) || p.sources.limits.includes(s))).toBe(false);
    expect(p.apiKey).toBeUndefined();
  });

  it('quick spends fewer windows than the full run', async () => {
    const quick = await plan({ quick: true });
    const full = await plan({});
    expect(quick.mode).toBe('quick');
    expect(full.mode).toBe('full');
    expect(quick.limits.steadyWindows).toBeLessThan(full.limits.steadyWindows);
    expect(quick.limits.boundaryRepeats).toBe(0);
    expect(full.limits.boundaryRepeats).toBeGreaterThan(0);
  });

  it('external target: the documented 60 s window, no note, key from the named variable', async () => {
    const p = await plan({ target: 'http://127.0.0.1:9' }, { PACER_API_KEY: 'k-123456' });
    expect(p.policy.windowMs).toBe(60_000);
    expect(p.windowNote).toBeUndefined();
    expect(p.apiKey).toBe('k-123456');
    // the default variable unset: a usage error naming the flag
    const err = await rejects(plan({ target: 'http://127.0.0.1:9' }, { MY_KEY: 'k-123456' }));
    expect(err.context.option).toBe('--api-key-env');
    const named = await plan({ target: 'http://127.0.0.1:9', apiKeyEnv: 'MY_KEY' }, { MY_KEY: 'k-123456' });
    expect(named.apiKey).toBe('k-123456');
  });

  it('flags win over the config, the config over the defaults', async () => {
    const cfg = await config(
      'target: http://127.0.0.1:9\napiKeyEnv: K\npolicy:\n  limit: 50\n  window: 10s\n',
    );
    const fromConfig = await plan({}, { K: 'key-1234' }, cfg);
    expect(fromConfig.policy.limit).toBe(50);
    expect(fromConfig.policy.windowMs).toBe(10_000);
    expect(fromConfig.windowNote).toContain('from 60 s to 10 s');
    expect(fromConfig.windowNote).not.toContain('embedded');
    const flagged = await plan(
      { limit: '20', window: '2s', target: 'http://127.0.0.1:8' },
      { K: 'key-1234' },
      cfg,
    );
    expect(flagged.policy.limit).toBe(20);
    expect(flagged.policy.windowMs).toBe(2000);
    expect(flagged.target).toEqual({ kind: 'external', url: 'http://127.0.0.1:8' });
  });

  it('a value the schema admits but the parser refuses points at the config line', async () => {
    const cfg = await config('capacity:\n  enabled: true\nthresholds:\n  slo: p98<3ms\n');
    const err = await rejects(plan({}, {}, cfg));
    expect(err.code).toBe('PACER_ERR_CONFIG_INVALID');
    expect(err.context.line).toBe(4);
    expect(err.context.option).toBe('thresholds.slo');
  });

  it('unknown check ids: the flag or the config field is named', async () => {
    expect((await rejects(plan({ checks: 'RL-NOPE' }))).context.option).toBe('--checks');
    expect((await rejects(plan({ excludeChecks: 'CT-NOPE' }))).context.option).toBe('--exclude-checks');
    const cfg = await config('checks:\n  required:\n    - RL-ADMISSION-EXACT\n    - RL-TYPO\n');
    const err = await rejects(plan({}, {}, cfg));
    expect(err.context.line).toBe(4);
    expect(err.context.option).toBe('checks.required.1');
  });

  it('--sandbox-fault only with the embedded sandbox; bad target URLs refused', async () => {
    const err = await rejects(
      plan({ target: 'http://127.0.0.1:9', sandboxFault: ['server-error'] }, { PACER_API_KEY: 'k' }),
    );
    expect(err.context.option).toBe('--sandbox-fault');
    expect((await rejects(plan({ target: 'ftp://x' }))).context.option).toBe('--target');
  });

  it('the example config builds a plan (durations, SLO, warnings)', async () => {
    const cfg = await loadConfig(join(packageRoot(), 'pacer.config.example.yaml'));
    const p = await plan({}, { PACER_API_KEY: 'k-1234' }, cfg);
    expect(p.capacity.slo?.thresholdMs).toBe(300);
    expect(p.conformance.timeoutMs).toBe(15_000);
    expect(p.checks.warnings).toEqual(['RL-NO-CACHE-429']);
    expect(p.limits.steadyWindows).toBe(3);
  });
});
