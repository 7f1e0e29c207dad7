import { join } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, usageError } from '../../errors';
import { readK6Json } from '../../k6/import-json';
import { parseList, resolvePolicy } from '../../limits/cli-options';
import { evaluateRateLimitChecks } from '../../limits/evaluate-checks';
import { buildResults, writeResults } from '../../limits/results';
import { formatVerdictTable } from '../../limits/verdict-table';
import { estimateClockOffset } from '../../probes/clock-offset';
import { readTrace } from '../../trace/read-trace';
import type { TraceRecord } from '../../trace/types';
import { PACER_VERSION } from '../version';

interface AnalyzeFlags {
  policy?: string;
  limit?: string;
  window?: string;
  checks?: string;
  excludeChecks?: string;
  out?: string;
  k6Json?: string;
}

export function register(program: Command): void {
  program
    .command('analyze')
    .description(
      're-evaluate the rate-limit checks over a saved trace or k6 JSON output (offline, no traffic)',
    )
    .argument('[trace]', 'trace.ndjson written by pacer limits')
    .option('--k6-json <file>', 'k6 --out json=FILE output (pacer_trace samples) instead of a trace')
    .option('--policy <file>', 'rate-limit policy file (default: the bundled Partner API policy)')
    .option('--limit <n>', 'override the policy limit')
    .option('--window <duration>', 'override the policy window, e.g. 60s')
    .option('--checks <list>', 'only these check ids')
    .option('--exclude-checks <list>', 'skip these check ids')
    .option('--out <dir>', 'write results.json into this directory')
    .action(async (trace: string | undefined, flags: AnalyzeFlags) => {
      process.exitCode = await analyzeCommand(trace, flags);
    });
}

async function analyzeCommand(trace: string | undefined, flags: AnalyzeFlags): Promise<number> {
  // One source per analysis: k6 and Node records number their seq independently.
  if ((trace === undefined) === (flags.k6Json === undefined)) {
    throw usageError('give either a trace file or --k6-json FILE (exactly one)', '<trace>');
  }
  const policy = await resolvePolicy(flags);
  const source = trace ?? (flags.k6Json as string);
  const records: TraceRecord[] = trace !== undefined ? await readTrace(trace) : await readK6Json(source);
  if (records.length === 0) throw usageError(`${source}: holds no records`, trace ? '<trace>' : '--k6-json');
  records.sort((a, b) => a.seq - b.seq);
  const clockOffset = estimateClockOffset(records);
  const startedAt = new Date().toISOString();
  const verdicts = evaluateRateLimitChecks(records, policy, clockOffset, {
    checks: parseList(flags.checks),
    excludeChecks: parseList(flags.excludeChecks),
  });
  process.stdout.write(`${formatVerdictTable(verdicts)}\n`);
  const results = buildResults({
    mode: 'analyze',
    target: null,
    startedAt,
    finishedAt: new Date().toISOString(),
    interrupted: false,
    clockOffset,
    policy,
    environment: {
      pacerVersion: PACER_VERSION,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      sources: [...new Set(records.map((r) => r.source))],
      traceFile: source,
      records: records.length,
    },
    probes: [],
    verdicts,
  });
  if (flags.out) {
    const file = join(flags.out, 'results.json');
    writeResults(file, results);
    process.stdout.write(`results: ${file}\n`);
  }
  return results.outcome === 'fail' ? ExitCode.violations : ExitCode.ok;
}
