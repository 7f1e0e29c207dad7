/**
 * The mutation matrix: the clean sandbox passes every RL-* check, and each rate-limit fault profile
 * of the sandbox makes (at least) the check(s) aimed at it fail. A short window (20 per 4 s) keeps
 * each `pacer limits` run to about ten seconds; runs go four at a time, each against its own
 * sandbox, with every probe on its own loopback source address.
 *
 * Why 4 s and not 2 s: the checks count a request as inside the first window only when it was
 * handled more than (1 s Reset granularity + rtt + 250 ms) before the window's end, and the sandbox
 * starts a window at the whole second of its first request. With 2 s, a probe starting late in a
 * second has no judgeable request at all; with 4 s it has at least 1.75 s for its limit + 5 requests.
 *
 * PACER_UPDATE_MATRIX=1 rewrites docs/mutation-matrix.md from the observed results.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimitChecks } from '../src/checks/rate-limit/registry';
import { partnerPolicy } from '../src/limits/policy-for';
import { type LimitsResult, runLimits } from '../src/limits/run-limits';
import { parseSourceIps } from '../src/limits/sources';
import type { PolicyProfile } from '../src/policy/types';
import { FAULTS } from '../src/sandbox/faults/index';
import { DEMO_API_KEY, startSandbox } from '../src/sandbox/index';

const LIMIT = 20;
const WINDOW_MS = 4000;
const SECOND_KEY = 'pacer-matrix-second-key';
// 11 probes, two-ips takes 2 addresses, plus a spare for the reachability request.
const SOURCES = parseSourceIps('127.0.0.10-127.0.0.22');
const PARALLEL = 4;

/** fault -> the checks aimed at it (the test asserts these fail; others may fail too). */
const EXPECTED: Record<string, string[]> = {
  'admit-one-extra': ['RL-ADMISSION-EXACT'],
  'block-one-early': ['RL-ADMISSION-EXACT'],
  'no-headers-on-429': ['RL-HEADERS-PRESENT'],
  'no-headers-on-errors': ['RL-HEADERS-PRESENT'],
  'remaining-stuck': ['RL-REMAINING-ACCOUNTING'],
  'remaining-negative': ['RL-REMAINING-ACCOUNTING'],
  'reset-in-ms': ['RL-HEADERS-WELLFORMED'],
  'reset-as-delta': ['RL-HEADERS-WELLFORMED'],
  'reset-drifts': ['RL-RESET-STABLE'],
  'no-retry-after': ['RL-429-SHAPE'],
  'retry-after-short': ['RL-RETRY-AFTER-SUFFICIENT'],
  'retry-after-ms': ['RL-RETRY-AFTER-TIGHT'],
  'never-resets': ['RL-RESET-HONOURED'],
  'penalty-on-429': ['RL-NO-PENALTY'],
  'racy-counter': ['RL-ADMISSION-ATOMIC'],
  'trust-xff': ['RL-SPOOF-RESISTANT'],
  'per-key-buckets': ['RL-KEY-SCOPE'],
  'per-endpoint-buckets': ['RL-GLOBAL-SCOPE'],
  'wrong-429-body': ['RL-429-SHAPE'],
  'limit-header-wrong': ['RL-LIMIT-VALUE'],
  'auth-not-counted': ['RL-AUTH-FAILURES-COUNTED'],
  'shared-bucket': ['RL-PER-IP-ISOLATION'],
  'throttle-early': ['RL-STEADY-UNDER-LIMIT'],
  'cacheable-429': ['RL-NO-CACHE-429'],
};

/**
 * Profile overrides per row. RL-NO-CACHE-429 is advisory: under the default profile it only warns
 * (and a warning does not fail the run), so its row runs with advisory findings set to fail.
 */
const PROFILE: Record<string, Partial<PolicyProfile>> = {
  'cacheable-429': { advisoryLevel: 'fail' },
};

const RATE_FAULTS = FAULTS.filter((f) => f.kind === 'rate-limit').map((f) => f.name);

const outRoot = mkdtempSync(join(tmpdir(), 'pacer-matrix-'));
const results = new Map<string, LimitsResult>();
const retried: string[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runAgainst(name: string, faults: string[]): Promise<LimitsResult> {
  const sandbox = await startSandbox({
    limit: LIMIT,
    windowMs: WINDOW_MS,
    faults,
    apiKeys: [DEMO_API_KEY, SECOND_KEY],
    seed: 7,
  });
  try {
    return await runLimits({
      target: sandbox.url,
      apiKey: DEMO_API_KEY,
      secondApiKey: SECOND_KEY,
      policy: partnerPolicy(LIMIT, WINDOW_MS, Object.assign({}, ...faults.map((f) => PROFILE[f]))),
      sourceIps: SOURCES,
      outDir: join(outRoot, name),
      steadyWindows: 2,
      requestTimeoutMs: 5000,
    });
  } finally {
    await sandbox.close();
  }
}

const failing = (r: LimitsResult): string[] =>
  r.verdicts.filter((v) => v.outcome === 'fail').map((v) => v.checkId);

describe('mutation matrix (limit 20 per 4 s)', () => {
  beforeAll(async () => {
    // The clean run alone first: it is the baseline every fault is compared with, and timing
    // checks judge it without other runs competing for the two cores.
    results.set('clean', await runAgainst('clean', []));
    const queue = [...RATE_FAULTS];
    // Workers start 1.5 s apart so their opening bursts (every probe exhausting at once) do not
    // coincide on the one thread that runs both the sandboxes and the client.
    const worker = async (index: number) => {
      await sleep(index * 1500);
      for (let fault = queue.shift(); fault !== undefined; fault = queue.shift()) {
        results.set(fault, await runAgainst(fault, [fault]));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, (_, i) => worker(i)));
    // A skip means the run produced no judgeable data (e.g. a probe slowed down past its window
    // on a loaded machine), never that a fault went unnoticed: such runs are repeated once, alone.
    // A pass where a fail is expected is never retried.
    for (const name of ['clean', ...RATE_FAULTS]) {
      const result = results.get(name);
      const watched = name === 'clean' ? null : new Set(EXPECTED[name] ?? []);
      const skipped = result?.verdicts.some(
        (v) => v.outcome === 'skip' && (watched === null || watched.has(v.checkId)),
      );
      if (skipped) {
        retried.push(name);
        results.set(name, await runAgainst(`${name}-retry`, name === 'clean' ? [] : [name]));
      }
    }
  }, 230_000);

  afterAll(() => {
    if (retried.length > 0) console.warn(`mutation matrix: repeated after a skip: ${retried.join(', ')}`);
    if (process.env.PACER_UPDATE_MATRIX === '1')
      writeFileSync(join('docs', 'mutation-matrix.md'), renderMatrix());
    rmSync(outRoot, { recursive: true, force: true });
  });

  it('lists an expectation for every rate-limit fault of the sandbox', () => {
    expect(RATE_FAULTS.length).toBeGreaterThan(0);
    expect(Object.keys(EXPECTED).sort()).toEqual([...RATE_FAULTS].sort());
  });

  it('passes every RL-* check on the clean sandbox', () => {
    const clean = results.get('clean');
    expect(clean).toBeDefined();
    const ids = rateLimitChecks.all().map((c) => c.id);
    expect(clean?.verdicts.map((v) => v.checkId).sort()).toEqual([...ids].sort());
    const notPassing = clean?.verdicts
      .filter((v) => v.outcome !== 'pass')
      .map((v) => `${v.checkId}: ${v.outcome} (${v.reason})`);
    expect(notPassing).toEqual([]);
    expect(clean?.exitCode).toBe(0);
  });

  it.each(Object.entries(EXPECTED))('%s makes %j fail', (fault, expected) => {
    const result = results.get(fault);
    expect(result, `no run for ${fault}`).toBeDefined();
    const failed = failing(result as LimitsResult);
    const aimed = result?.verdicts
      .filter((v) => expected.includes(v.checkId))
      .map((v) => `${v.checkId}: ${v.outcome} (${v.reason})`);
    for (const id of expected) {
      expect(failed, `${fault}: failing ${failed.join(', ')}; aimed: ${aimed?.join('; ')}`).toContain(id);
    }
    expect(result?.exitCode).toBe(1);
  });
});

function renderMatrix(): string {
  const ids = rateLimitChecks.all().map((c) => c.id);
  const lines = [
    '# Mutation matrix: sandbox fault profile -> failing rate-limit checks',
    '',
    'Generated by `PACER_UPDATE_MATRIX=1 npx vitest run test/mutation-matrix.test.ts` (do not edit by hand).',
    `Each row is one \`pacer limits\` run against the sandbox with that single fault, limit ${LIMIT} per ${WINDOW_MS / 1000} s,`,
    'every probe on its own loopback source address. "expected" are the checks the fault is aimed at (the test',
    'asserts they fail); "observed" is every check that failed in the run this file was generated from.',
    'Profile overrides (advisory checks only warn at the default advisoryLevel, and a warning does not fail',
    `a run): ${Object.entries(PROFILE)
      .map(([f, p]) => `\`${f}\` runs with ${JSON.stringify(p)}`)
      .join('; ')}.`,
    '',
  ];
  const rows: string[][] = [['fault', 'expected to fail', 'observed failing', 'observed warn / skip']];
  for (const name of ['clean', ...RATE_FAULTS]) {
    const r = results.get(name);
    if (!r) continue;
    const failed = failing(r);
    const other = r.verdicts
      .filter((v) => v.outcome === 'warn' || v.outcome === 'skip')
      .map((v) => `${v.checkId} (${v.outcome})`);
    const expected = name === 'clean' ? '(none)' : (EXPECTED[name] ?? []).join(', ');
    rows.push([`\`${name}\``, expected, failed.join(', ') || '(none)', other.join(', ') || '-']);
  }
  // Padded the way the repository's formatter (biome) lays out markdown tables.
  const widths = rows[0].map((_, c) => Math.max(3, ...rows.map((row) => row[c].length)));
  const row = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  lines.push(row(rows[0]), row(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(row));
  lines.push('', `Checks judged in every run: ${ids.join(', ')}.`, '');
  if (retried.length > 0)
    lines.push(`Runs repeated once because an aimed check could not judge: ${retried.join(', ')}.`, '');
  lines.push('Fault descriptions (`pacer sandbox --list-faults`):', '');
  for (const f of FAULTS.filter((x) => x.kind === 'rate-limit'))
    lines.push(`- \`${f.name}\`: ${f.description}`);
  lines.push('');
  return lines.join('\n');
}
