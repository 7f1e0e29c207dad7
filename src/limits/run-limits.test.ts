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

  it.each<[BadMode, (r: { status: number | null; error?: { code: string } }) => boolean]>([
    ['garbage', (r) => r.status !== null],
    ['reset', (r) => r.status === null && ['ECONNRESET', 'EPIPE'].includes(r.error?.code ?? '')],
    ['silent', (r) => r.status === null && r.error?.code === 'timeout'],
  ])(
    'survives a target that %s: every attempt traced, unjudgeable checks skip or fail with a reason',
    async (mode, shape) => {
      const server = await startBadServer(mode);
      try {
        // Only the silent target needs a short timeout; the others answer (or hang up) at once,
        // and a short timeout would turn a slow answer on a loaded machine into a timeout.
        const result = await runLimits({
          ...base(server.url, mode),
          requestTimeoutMs: mode === 'silent' ? 300 : 5000,
        });
        expect(result.interrupted).toBe(false);
        // The trace on disk holds every attempt the run made (the reachability request included).
        const onDisk = await readTrace(result.traceFile);
        expect(onDisk.length).toBe(result.records.length);
        expect(result.records.length).toBeGreaterThan(10);
        expect(result.records.every(shape)).toBe(true);
        if (mode !== 'silent') expect(server.hits).toBeGreaterThanOrEqual(result.records.length);
        for (const v of result.verdicts) {
          if (v.outcome !== 'pass') expect(v.reason, `${v.checkId} ${v.outcome}`).toBeTruthy();
        }
        const byId = new Map(result.verdicts.map((v) => [v.checkId, v]));
        if (mode === 'garbage') {
          expect(byId.get('RL-HEADERS-WELLFORMED')?.outcome).toBe('fail');
          expect(result.exitCode).toBe(1);
        } else {
          // Nothing answered: no check may claim a pass.
          expect(result.verdicts.filter((v) => v.outcome === 'pass').map((v) => v.checkId)).toEqual([]);
        }
        // runLimits writes the trace only: the reports are the caller's (writeCommandRun).
        expect(readdirSync(join(out, mode))).toEqual(['trace.ndjson']);
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
