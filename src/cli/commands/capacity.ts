import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { baselineVerdict } from '../../capacity/baseline-verdict';
import { compareCapacity, readBaseline } from '../../capacity/compare';
import { buildMix } from '../../capacity/mix';
import { parseRamp, parseSourceIps, parseStepStages, sourcesNeeded } from '../../capacity/plan';
import { renderCapacityMarkdown } from '../../capacity/render';
import { runCapacity } from '../../capacity/run';
import { parseSlo } from '../../capacity/slo';
import type { StageMeasurement } from '../../capacity/types';
import { capacityVerdicts } from '../../certify/phase-capacity';
import { loadContract } from '../../contract/index';
import { createHttpEngine } from '../../engine/http-engine';
import type { RequestSpec } from '../../engine/types';
import { unreachableError, usageError } from '../../errors';
import { policyFileOf, resolvePolicyAndDocumented } from '../../limits/cli-options';
import { defaultContractPath, parseDuration } from '../../policy/index';
import { runFolderLines, startCommandRun, writeCommandRun } from '../../report/write-command-run';
import { createNdjsonTraceWriter } from '../../trace/ndjson-writer';
import type { TraceRecord } from '../../trace/types';

interface CapacityFlags {
  target: string;
  apiKey?: string;
  stages?: string;
  ramp?: string;
  stageDuration: string;
  sourceIps: string;
  bypassLimit?: boolean;
  slo?: string;
  mix: string;
  baseline?: string;
  out: string;
  policy?: string;
  limit?: string;
  window?: string;
  contract?: string;
  timeout: string;
  lateBudget: string;
}

export function register(program: Command): void {
  program
    .command('capacity')
    .description('open-model load stages at rising rates: knee, USL fit, SLO stage, partners supported')
    .requiredOption('--target <url>', 'base URL of the API under test')
    .option('--api-key <key>', 'API key (prefer the PACER_API_KEY environment variable: flags show in ps)')
    .option('--stages <rates>', 'stepped stages, req/s, comma-separated (default 50,100,200,400)')
    .option('--ramp <from:to:steps>', 'evenly spaced stages instead of --stages, e.g. 50:500:10')
    .option('--stage-duration <duration>', 'how long each stage holds its rate', '10s')
    .option(
      '--source-ips <list>',
      'source addresses spread round-robin (each kept under its limit)',
      '127.0.0.2-127.0.0.40',
    )
    .option(
      '--bypass-limit',
      'the target does not rate-limit this run (e.g. sandbox --limit 0): one source, no spreading',
    )
    .option('--slo <spec>', 'latency objective, e.g. p99<300ms (CAP-SLO: judged at the lowest stage)')
    .option(
      '--mix <name>',
      'operation mix: read-heavy, or a comma list of stateless GET operationIds',
      'read-heavy',
    )
    .option(
      '--baseline <file>',
      'an earlier run to compare with: its results.json, its run folder (e.g. reports/latest) or an old capacity.json (CAP-BASELINE: a regression exits 1)',
    )
    .option(
      '--out <dir>',
      'the run folder DIR/run-<time>-<id>/ is created here (results.json with the capacity section, junit.xml, summary.md, report.html, trace.ndjson; DIR/latest points at it)',
      'reports',
    )
    .option('--policy <file>', 'rate-limit policy file (default: the bundled Partner API policy)')
    .option('--limit <n>', 'override the policy limit (requests per window)')
    .option('--window <duration>', 'override the policy window, e.g. 60s')
    .option('--contract <file>', 'OpenAPI contract (default: the bundled Partner API contract)')
    .option('--timeout <duration>', 'per-request timeout', '10s')
    .option('--late-budget <duration>', 'a send later than this counts as late (generator behind)', '10ms')
    .action(async (flags: CapacityFlags) => {
      process.exitCode = await capacityCommand(flags);
    });
}

async function capacityCommand(flags: CapacityFlags): Promise<number> {
  const stageMs = parseDuration(flags.stageDuration, '--stage-duration');
  if (flags.stages && flags.ramp) throw usageError('give --stages or --ramp, not both', '--ramp');
  const stages = flags.ramp
    ? parseRamp(flags.ramp, stageMs)
    : parseStepStages(flags.stages ?? '50,100,200,400', stageMs);
  const { policy, documented } = await resolvePolicyAndDocumented(flags);
  const slo = flags.slo ? parseSlo(flags.slo) : null;
  const contract = await loadContract(flags.contract ?? defaultContractPath());
  const apiKey = flags.apiKey ?? process.env.PACER_API_KEY;
  const apiKeys: Record<string, string> = apiKey ? { primary: apiKey } : {};
  const mix = buildMix(contract, flags.mix, apiKey ? 'primary' : 'none');
  const sources = flags.bypassLimit ? null : parseSourceIps(flags.sourceIps);
  if (sources) {
    const needed = sourcesNeeded(stages, policy.limit, policy.windowMs);
    if (needed > sources.length) {
      throw usageError(
        `these stages need ${needed} source addresses to keep each under ${policy.limit} per ${policy.windowMs / 1000} s; ${sources.length} given. Widen --source-ips, shorten the stages, or use --bypass-limit if the target allows it`,
        '--source-ips',
      );
    }
  }
  const baselineFile = flags.baseline ? await baselinePath(flags.baseline) : null;
  const baseline = baselineFile ? await readBaseline(baselineFile) : null;
  await preflight(flags.target, apiKeys, mix.request(0, sources?.[0] ?? null));

  const run = await startCommandRun(flags.out);
  const trace = createNdjsonTraceWriter(run.traceFile, { secrets: apiKey ? [apiKey] : [] });
  const records: TraceRecord[] = [];
  const flushOnExit = (): void => trace.flushSync();
  process.once('exit', flushOnExit);
  const controller = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\ninterrupted: finishing the current stage, writing a partial report\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const result = await runCapacity({
      target: flags.target,
      apiKeys,
      stages,
      sources,
      mix,
      policy,
      slo,
      timeoutMs: parseDuration(flags.timeout, '--timeout'),
      lateBudgetMs: parseDuration(flags.lateBudget, '--late-budget'),
      onRecord: (r) => {
        records.push(r);
        trace.write(r);
      },
      onStage: (i, m) => process.stderr.write(progressLine(i, stages.length, m)),
      signal: controller.signal,
    });
    await trace.close();
    const { interrupted, ...capacity } = result;
    const verdicts = capacityVerdicts(
      { capacity: { slo, minPartners: null }, checks: { warnings: [] } },
      capacity,
    );
    if (baseline && baselineFile) {
      capacity.baseline = compareCapacity(capacity, baseline, baselineFile);
      verdicts.push(baselineVerdict(capacity.baseline));
    }
    process.stdout.write(`\n${renderCapacityMarkdown(capacity)}\n`);
    const { results, paths, exitCode } = await writeCommandRun({
      run,
      target: flags.target,
      targetKind: 'external',
      environment: {
        contractFile: flags.contract ?? defaultContractPath(),
        policyFile: policyFileOf(flags),
        clockOffsetMs: null,
        sourceAddresses: sources ?? [],
      },
      policy,
      documented,
      verdicts,
      records,
      capacity,
      interrupted,
      secrets: [apiKey],
    });
    for (const v of results.verdicts)
      process.stdout.write(`${v.checkId} ${v.outcome.toUpperCase()}: ${v.reason ?? ''}\n`);
    process.stdout.write(`status: ${results.status}\n${runFolderLines(paths)}`);
    return exitCode;
  } finally {
    await trace.close();
    process.removeListener('SIGINT', onSigint);
    process.removeListener('exit', flushOnExit);
  }
}

/** --baseline may name a run folder (reports/latest): its results.json holds the capacity section. */
async function baselinePath(file: string): Promise<string> {
  const isDir = await stat(file).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isDir ? join(file, 'results.json') : file;
}

/** One request before the stages: an unreachable target is exit 3, not six stages of errors. */
async function preflight(target: string, apiKeys: Record<string, string>, spec: RequestSpec): Promise<void> {
  const engine = createHttpEngine({ target, apiKeys, timeoutMs: 5_000 });
  try {
    const r = await engine.send({ ...spec, probe: 'capacity-preflight' });
    if (r.status === null)
      throw unreachableError(`target ${target} unreachable: ${r.error?.code ?? 'no response'}`);
  } finally {
    await engine.close();
  }
}

function progressLine(i: number, total: number, m: StageMeasurement): string {
  const o = m.outcomes;
  const behind =
    m.schedule.late + m.schedule.dropped > 0.01 * m.schedule.scheduled ? ' GENERATOR BEHIND' : '';
  return `stage ${i + 1}/${total}: ${m.offeredRate} req/s offered, ${m.schedule.sent} sent, ok ${o.ok}, 429 ${o.rateLimited}, errors ${o.total - o.ok - o.rateLimited}, p50 ${m.latency.p50.toFixed(1)} ms, p99 ${m.latency.p99.toFixed(1)} ms${behind}\n`;
}
