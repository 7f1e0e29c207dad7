import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { compareCapacity, readBaseline } from '../../capacity/compare';
import { buildMix } from '../../capacity/mix';
import { parseRamp, parseSourceIps, parseStepStages, sourcesNeeded } from '../../capacity/plan';
import { renderCapacityMarkdown, renderCapacitySvg } from '../../capacity/render';
import { runCapacity } from '../../capacity/run';
import { parseSlo } from '../../capacity/slo';
import type { StageMeasurement } from '../../capacity/types';
import { loadContract } from '../../contract/index';
import { createHttpEngine } from '../../engine/http-engine';
import type { RequestSpec } from '../../engine/types';
import { ExitCode, unreachableError, usageError } from '../../errors';
import { resolvePolicy } from '../../limits/cli-options';
import { defaultContractPath, parseDuration } from '../../policy/index';
import { createNdjsonTraceWriter } from '../../trace/ndjson-writer';

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
    .option('--slo <spec>', 'latency objective, e.g. p99<300ms')
    .option(
      '--mix <name>',
      'operation mix: read-heavy, or a comma list of stateless GET operationIds',
      'read-heavy',
    )
    .option(
      '--baseline <file>',
      'an earlier capacity.json / results.json to compare with (regressions exit 1)',
    )
    .option(
      '--out <dir>',
      'output directory for trace.ndjson, capacity.json, capacity.md',
      'reports/capacity',
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
  const policy = await resolvePolicy(flags);
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
  const baseline = flags.baseline ? await readBaseline(flags.baseline) : null;
  await preflight(flags.target, apiKeys, mix.request(0, sources?.[0] ?? null));

  await mkdir(flags.out, { recursive: true });
  const trace = createNdjsonTraceWriter(join(flags.out, 'trace.ndjson'), { secrets: apiKey ? [apiKey] : [] });
  const flushOnExit = (): void => trace.flushSync();
  process.once('exit', flushOnExit);
  const controller = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\ninterrupted: finishing the current stage, writing partial results\n');
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
      onRecord: (r) => trace.write(r),
      onStage: (i, m) => process.stderr.write(progressLine(i, stages.length, m)),
      signal: controller.signal,
    });
    await trace.close();
    const { interrupted, ...capacity } = result;
    if (baseline && flags.baseline) capacity.baseline = compareCapacity(capacity, baseline, flags.baseline);
    const markdown = renderCapacityMarkdown(capacity);
    await writeFile(join(flags.out, 'capacity.json'), `${JSON.stringify(capacity, null, 2)}\n`);
    await writeFile(join(flags.out, 'capacity.md'), markdown);
    await writeFile(join(flags.out, 'capacity.html'), htmlPage(markdown, renderCapacitySvg(capacity)));
    process.stdout.write(
      `\n${markdown}\nwritten: ${join(flags.out, 'capacity.json')}, capacity.md, capacity.html, trace.ndjson\n`,
    );
    if (interrupted) return ExitCode.interrupted;
    return capacity.baseline && capacity.baseline.regressions > 0 ? ExitCode.violations : ExitCode.ok;
  } finally {
    await trace.close();
    process.removeListener('SIGINT', onSigint);
    process.removeListener('exit', flushOnExit);
  }
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

function htmlPage(markdown: string, svg: string): string {
  const pre = markdown.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>pacer capacity</title></head><body>\n${svg}\n<pre>${pre}</pre>\n</body></html>\n`;
}
