import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { usageError } from '../../errors';
import { readK6Json } from '../../k6/import-json';
import { parseList, policyFileOf, resolvePolicyAndDocumented } from '../../limits/cli-options';
import { evaluateRateLimitChecks } from '../../limits/evaluate-checks';
import { formatVerdictTable } from '../../limits/verdict-table';
import { estimateClockOffset } from '../../probes/clock-offset';
import { verdictStatus } from '../../report/build';
import {
  exitCodeOf,
  runFolderLines,
  showPath,
  startCommandRun,
  writeCommandRun,
} from '../../report/write-command-run';
import { createNdjsonTraceWriter } from '../../trace/ndjson-writer';
import { readTrace } from '../../trace/read-trace';
import type { TraceRecord } from '../../trace/types';

interface AnalyzeFlags {
  policy?: string;
  limit?: string;
  window?: string;
  checks?: string;
  excludeChecks?: string;
  out?: string;
  k6Json?: string;
  target?: string;
}

export function register(program: Command): void {
  program
    .command('analyze')
    .description(
      're-evaluate the rate-limit checks over a saved trace or k6 JSON output (offline, no traffic)',
    )
    .argument('[trace]', 'trace.ndjson written by pacer limits / certify / conform / capacity')
    .option('--k6-json <file>', 'k6 --out json=FILE output (pacer_trace samples) instead of a trace')
    .option('--policy <file>', 'rate-limit policy file (default: the bundled Partner API policy)')
    .option('--limit <n>', 'override the policy limit')
    .option('--window <duration>', 'override the policy window, e.g. 60s')
    .option('--checks <list>', 'only these check ids')
    .option('--exclude-checks <list>', 'skip these check ids')
    .option('--target <url>', 'base URL the trace was recorded against, shown in the reports')
    .option(
      '--out <dir>',
      'write the standard run folder DIR/run-<time>-<id>/ (results.json, junit.xml, summary.md, report.html, trace.ndjson; DIR/latest points at it); without it, only the table is printed',
    )
    .action(async (trace: string | undefined, flags: AnalyzeFlags) => {
      process.exitCode = await analyzeCommand(trace, flags);
    });
}

async function analyzeCommand(trace: string | undefined, flags: AnalyzeFlags): Promise<number> {
  // One source per analysis: k6 and Node records number their seq independently.
  if ((trace === undefined) === (flags.k6Json === undefined)) {
    throw usageError('give either a trace file or --k6-json FILE (exactly one)', '<trace>');
  }
  const { policy, documented } = await resolvePolicyAndDocumented(flags);
  const source = trace ?? (flags.k6Json as string);
  const records: TraceRecord[] = trace !== undefined ? await readTrace(trace) : await readK6Json(source);
  if (records.length === 0) throw usageError(`${source}: holds no records`, trace ? '<trace>' : '--k6-json');
  records.sort((a, b) => a.seq - b.seq);
  const clockOffset = estimateClockOffset(records);
  const startedAt = new Date();
  const target = flags.target ?? pathToFileURL(resolve(source)).href;
  const verdicts = evaluateRateLimitChecks(records, policy, clockOffset, {
    checks: parseList(flags.checks),
    excludeChecks: parseList(flags.excludeChecks),
    ...(flags.target ? { target: flags.target } : {}),
  });
  process.stdout.write(`${formatVerdictTable(verdicts)}\n`);
  if (!flags.out) {
    // Nothing is written: the status the verdicts give (the rule every report applies) is all there is.
    const status = verdictStatus(verdicts);
    process.stdout.write(`status: ${status}\n`);
    return exitCodeOf({ status });
  }
  const environment = {
    contractFile: null,
    policyFile: policyFileOf(flags),
    clockOffsetMs: clockOffset?.offsetMs ?? null,
    sourceAddresses: records.map((r) => r.source),
  };
  // The key of the recording run, when the caller has it: redacted should a trace ever carry it.
  const secrets = [process.env.PACER_API_KEY, process.env.PACER_SECOND_API_KEY];
  const run = await startCommandRun(flags.out, startedAt);
  // The run folder holds the records it judged, whatever the input format was.
  const writer = createNdjsonTraceWriter(run.traceFile, {
    secrets: secrets.filter((s): s is string => Boolean(s)),
  });
  for (const r of records) writer.write(r);
  await writer.close();
  const { results, paths, exitCode } = await writeCommandRun({
    run,
    target,
    targetKind: 'external',
    environment,
    policy,
    documented,
    verdicts,
    records,
    secrets,
  });
  process.stdout.write(`analyzed: ${showPath(source)}\nstatus: ${results.status}\n${runFolderLines(paths)}`);
  return exitCode;
}
