import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceTags } from '../../k6/trace-tags';
import { closedPortUrl } from '../../limits/test-servers';
import { DEMO_API_KEY, type Sandbox, startSandbox } from '../../sandbox/index';
import { readTrace } from '../../trace/read-trace';
import type { TraceRecord } from '../../trace/types';
import { main } from '../main';

const out = mkdtempSync(join(tmpdir(), 'pacer-limits-cli-'));
const SECRET = 'cli-test-secret-key-5f9c0a';

/** Runs the CLI in-process; stdout/stderr are captured, the exit status returned. */
async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
    process.env = saved;
    // main() reads process.exitCode; never leak one into the test worker.
    process.exitCode = undefined;
  }
}

/** Records as k6 `--out json` lines of pacer_trace points (one VU, n = seq). */
function toK6Json(records: readonly TraceRecord[]): string {
  const at = (r: TraceRecord, ms: number | null) => (ms === null ? null : r.sentAtEpochMs + (ms - r.sentMs));
  const lines = records.map((r) =>
    JSON.stringify({
      metric: 'pacer_trace',
      type: 'Point',
      data: {
        time: new Date(at(r, r.endMs) ?? r.sentAtEpochMs).toISOString(),
        value: 1,
        tags: encodeTraceTags({
          probe: r.probe,
          vu: 1,
          n: r.seq,
          source: r.source,
          keyLabel: r.keyLabel,
          method: r.method,
          pathTemplate: r.pathTemplate,
          path: r.path,
          operationId: r.operationId,
          intendedEpochMs: at(r, r.intendedMs) ?? r.sentAtEpochMs,
          sentEpochMs: r.sentAtEpochMs,
          firstByteEpochMs: at(r, r.firstByteMs),
          endEpochMs: at(r, r.endMs),
          status: r.status,
          headers: r.headers,
          bodySize: r.bodySize,
          ...(r.body !== undefined ? { bodyText: JSON.stringify(r.body) } : {}),
          ...(r.requestHeaders ? { requestHeaders: r.requestHeaders } : {}),
        }),
      },
    }),
  );
  return `${lines.join('\n')}\n`;
}

/** Every file under a directory, read as text. */
function allText(dir: string): string {
  let text = '';
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}

describe('pacer limits / analyze (CLI)', () => {
  let clean: Sandbox;
  let faulty: Sandbox;
  beforeAll(async () => {
    clean = await startSandbox({ limit: 10, windowMs: 4000, apiKeys: [SECRET, DEMO_API_KEY] });
    faulty = await startSandbox({
      limit: 10,
      windowMs: 4000,
      apiKeys: [SECRET],
      faults: ['admit-one-extra'],
    });
  });
  afterAll(async () => {
    await clean.close();
    await faulty.close();
    rmSync(out, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  const common = (target: string, dir: string): string[] => [
    'limits',
    '--target',
    target,
    '--limit',
    '10',
    '--window',
    '4s',
    '--probes',
    'exhaust,two-ips,spoof',
    '--out',
    join(out, dir),
  ];

  it('exits 0 on a clean target, prints the verdict table, never writes or prints the key', async () => {
    const r = await cli([...common(clean.url, 'clean'), '--source-ips', '127.0.0.80-84'], {
      PACER_API_KEY: SECRET,
    });
    expect(r.stderr).toMatch(/probe exhaust: done/);
    expect(r.stdout).toMatch(/RL-ADMISSION-EXACT\s+PASS/);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'clean', 'trace.ndjson'))).toBe(true);
    const results = JSON.parse(readFileSync(join(out, 'clean', 'results.json'), 'utf8')) as {
      outcome: string;
    };
    expect(results.outcome).toBe('pass');
    expect(allText(join(out, 'clean'))).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(SECRET);

    // analyze re-judges the saved trace offline to the same verdicts.
    const a = await cli([
      'analyze',
      join(out, 'clean', 'trace.ndjson'),
      '--limit',
      '10',
      '--window',
      '4s',
      '--out',
      join(out, 'analyze'),
    ]);
    expect(a.code).toBe(0);
    const again = JSON.parse(readFileSync(join(out, 'analyze', 'results.json'), 'utf8')) as {
      verdicts: Array<{ checkId: string; outcome: string }>;
    };
    const before = JSON.parse(readFileSync(join(out, 'clean', 'results.json'), 'utf8')) as {
      verdicts: Array<{ checkId: string; outcome: string }>;
    };
    expect(again.verdicts.map((v) => [v.checkId, v.outcome])).toEqual(
      before.verdicts.map((v) => [v.checkId, v.outcome]),
    );

    // The same traffic as k6 would have written it (--out json, pacer_trace points) judges the same.
    const k6File = join(out, 'clean', 'k6.json');
    writeFileSync(k6File, toK6Json(await readTrace(join(out, 'clean', 'trace.ndjson'))));
    const k = await cli([
      'analyze',
      '--k6-json',
      k6File,
      '--limit',
      '10',
      '--window',
      '4s',
      '--out',
      join(out, 'k6'),
    ]);
    expect(k.code).toBe(0);
    const fromK6 = JSON.parse(readFileSync(join(out, 'k6', 'results.json'), 'utf8')) as {
      verdicts: Array<{ checkId: string; outcome: string }>;
    };
    expect(fromK6.verdicts.map((v) => [v.checkId, v.outcome])).toEqual(
      before.verdicts.map((v) => [v.checkId, v.outcome]),
    );
    // Exactly one input.
    expect((await cli(['analyze', '--limit', '10', '--window', '4s'])).code).toBe(2);
    expect((await cli(['analyze', join(out, 'clean', 'trace.ndjson'), '--k6-json', k6File])).code).toBe(2);
  });

  it('exits 1 on a violation, with the key given as a flag still kept out of every file', async () => {
    const r = await cli([
      ...common(faulty.url, 'faulty'),
      '--source-ips',
      '127.0.0.85-89',
      '--api-key',
      SECRET,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/RL-ADMISSION-EXACT\s+FAIL/);
    expect(allText(join(out, 'faulty'))).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('exits 2 on bad usage and 3 on a target that is down', async () => {
    expect((await cli([...common(clean.url, 'u1'), '--source-ips', '127.0.0.999'])).code).toBe(2);
    expect((await cli([...common(clean.url, 'u2'), '--probes', 'exhaust,nope'])).code).toBe(2);
    expect((await cli([...common(clean.url, 'u3'), '--checks', 'RL-NOPE'])).code).toBe(2);
    expect((await cli([...common(clean.url, 'u4'), '--window', '2'])).code).toBe(2);
    expect((await cli(['limits', '--limit', '10'])).code).toBe(2);
    const down = await cli([...common(await closedPortUrl(), 'down')]);
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/unreachable/);
  });

  it('stops on SIGINT: trace flushed, partial results written, exit 130', async () => {
    const dir = join(out, 'sigint');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'limits',
        '--target',
        clean.url,
        '--limit',
        '10',
        '--window',
        '1s',
        '--probes',
        'steady',
        '--steady-windows',
        '30',
        '--source-ips',
        '127.0.0.90-91',
        '--out',
        dir,
      ],
      { env: { ...process.env, PACER_API_KEY: SECRET }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/probe steady: started/.test(stderr) && !child.killed) setTimeout(() => child.kill('SIGINT'), 1500);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      interrupted: boolean;
      outcome: string;
    };
    expect(results.interrupted).toBe(true);
    expect(results.outcome).toBe('interrupted');
    const lines = readFileSync(join(dir, 'trace.ndjson'), 'utf8').trim().split('\n');
    // ~1.5 s of steady traffic at 9.5 req/s: some records, far fewer than the 30 windows planned.
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.length).toBeLessThan(200);
  }, 30_000);
});
