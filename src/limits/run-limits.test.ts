import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { readTrace } from '../trace/read-trace';
import { partnerPolicy } from './policy-for';
import { type LimitsOptions, runLimits } from './run-limits';
import { type BadMode, closedPortUrl, startBadServer } from './test-servers';

const out = mkdtempSync(join(tmpdir(), 'pacer-limits-bad-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const base = (target: string, name: string): LimitsOptions => ({
  target,
  apiKey: 'bad-input-key-1234567890',
  policy: partnerPolicy(5, 1000),
  sourceIps: [
    '127.0.0.70',
    '127.0.0.71',
    '127.0.0.72',
    '127.0.0.73',
    '127.0.0.74',
    '127.0.0.75',
    '127.0.0.76',
    '127.0.0.77',
  ],
  probes: ['exhaust', 'burst', 'reset-boundary', 'retry-after', 'hammer', 'two-ips'],
  outDir: join(out, name),
  requestTimeoutMs: 300,
});

describe('runLimits against bad targets', () => {
  it('refuses a target that is down with the unreachable exit status, before any traffic', async () => {
    const url = await closedPortUrl();
    const error = await runLimits(base(url, 'down')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PacerError);
    expect((error as PacerError).exitCode).toBe(3);
    expect((error as PacerError).code).toBe('PACER_ERR_TARGET_UNREACHABLE');
  });

  it('refuses a source address that is not on this machine as bad usage', async () => {
    const error = await runLimits({
      ...base('http://127.0.0.1:9', 'nosource'),
      sourceIps: ['192.0.2.77'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PacerError);
    expect((error as PacerError).exitCode).toBe(2);
    expect((error as PacerError).context.option).toBe('--source-ips');
  });

  it('survives a target with garbage rate-limit headers: every attempt traced, failing checks give a reason', async () => {
    const server = await startBadServer('garbage');
    try {
      const result = await runLimits({ ...base(server.url, 'garbage'), requestTimeoutMs: 5000 });
      expect(result.interrupted).toBe(false);
      // The trace on disk holds every attempt the run made (the reachability request included).
      const onDisk = await readTrace(result.traceFile);
      expect(onDisk.length).toBe(result.records.length);
      expect(result.records.length).toBeGreaterThan(10);
      expect(result.records.every((r) => r.status !== null)).toBe(true);
      expect(server.hits).toBeGreaterThanOrEqual(result.records.length);
      for (const v of result.verdicts) {
        if (v.outcome !== 'pass') expect(v.reason, `${v.checkId} ${v.outcome}`).toBeTruthy();
      }
      const byId = new Map(result.verdicts.map((v) => [v.checkId, v]));
      expect(byId.get('RL-HEADERS-WELLFORMED')?.outcome).toBe('fail');
      expect(result.exitCode).toBe(1);
      // runLimits writes the trace only: the reports are the caller's (writeCommandRun).
      expect(readdirSync(join(out, 'garbage'))).toEqual(['trace.ndjson']);
    } finally {
      await server.close();
    }
  });

  it.each<[BadMode, (r: { status: number | null; error?: { code: string } }) => boolean]>([
    ['reset', (r) => r.status === null && ['ECONNRESET', 'EPIPE'].includes(r.error?.code ?? '')],
    ['silent', (r) => r.status === null && r.error?.code === 'timeout'],
  ])(
    'stops with the unreachable exit status when a %s target gives the preflight no HTTP response',
    async (mode, shape) => {
      const server = await startBadServer(mode);
      try {
        const error = await runLimits({
          ...base(server.url, mode),
          requestTimeoutMs: mode === 'silent' ? 300 : 5000,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PacerError);
        expect((error as PacerError).exitCode).toBe(3);
        expect((error as PacerError).code).toBe('PACER_ERR_TARGET_UNREACHABLE');
        expect((error as PacerError).message).toMatch(/gave no HTTP response/);
        // The one preflight request is traced; no probe spent anything on a dead target.
        const onDisk = await readTrace(join(out, mode, 'trace.ndjson'));
        expect(onDisk.length).toBe(1);
        expect(onDisk.every(shape)).toBe(true);
        expect(server.hits).toBe(1);
      } finally {
        await server.close();
      }
    },
  );
});

describe('runLimits with one egress address', () => {
  it('runs the probes in turn, each in a fresh window of its own', async () => {
    const { startSandbox, DEMO_API_KEY } = await import('../sandbox/index');
    const sandbox = await startSandbox({ limit: 10, windowMs: 2000 });
    try {
      const result = await runLimits({
        target: sandbox.url,
        apiKey: DEMO_API_KEY,
        policy: partnerPolicy(10, 2000),
        probes: ['exhaust', 'burst', 'two-ips'],
        outDir: join(out, 'one-source'),
        resetMarginMs: 100,
      });
      expect(result.probes.find((p) => p.probe === 'two-ips')?.status).toBe('skipped');
      // The two-ips probe could not run, so RL-PER-IP-ISOLATION was never judged: not certified.
      expect(result.verdicts.find((v) => v.checkId === 'RL-PER-IP-ISOLATION')?.outcome).toBe('skip');
      expect(result.exitCode).toBe(1);
      expect(result.records.every((r) => r.source === null)).toBe(true);
      // Sandbox truth for the one client address: the reachability request, exhaust and burst
      // each opened a window of their own, in that order, none sharing a window with another.
      const windows = sandbox.truth().windows.sort((a, b) => a.startEpochMs - b.startEpochMs);
      expect(windows.map((w) => [w.admitted, w.rejected])).toEqual([
        [1, 0],
        [10, 5],
        [10, 10],
      ]);
      const exhaust = result.records.filter((r) => r.probe === 'exhaust');
      const burst = result.records.filter((r) => r.probe === 'burst');
      const firstBurst = Math.min(...burst.map((r) => r.sentAtEpochMs));
      expect(firstBurst).toBeGreaterThanOrEqual(Number(exhaust[0].headers.reset) * 1000);
    } finally {
      await sandbox.close();
    }
  });
});

describe('runLimits exit code: certified means every selected check was judged', () => {
  it('certifies a two-ips run whose only selected check was judged; one address leaves it unjudged (1)', async () => {
    const { startSandbox, DEMO_API_KEY } = await import('../sandbox/index');
    const sandbox = await startSandbox({ limit: 5, windowMs: 1000 });
    try {
      const options: LimitsOptions = {
        target: sandbox.url,
        apiKey: DEMO_API_KEY,
        policy: partnerPolicy(5, 1000),
        probes: ['two-ips'],
        checks: ['RL-PER-IP-ISOLATION'],
        outDir: join(out, 'two-ips'),
        resetMarginMs: 100,
      };
      const judged = await runLimits({ ...options, sourceIps: ['127.0.0.81', '127.0.0.82', '127.0.0.83'] });
      expect(judged.verdicts.map((v) => [v.checkId, v.outcome])).toEqual([['RL-PER-IP-ISOLATION', 'pass']]);
      expect(judged.exitCode).toBe(0);
      const unjudged = await runLimits({ ...options, outDir: join(out, 'two-ips-one') });
      expect(unjudged.verdicts.map((v) => [v.checkId, v.outcome])).toEqual([['RL-PER-IP-ISOLATION', 'skip']]);
      expect(unjudged.exitCode).toBe(1);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
