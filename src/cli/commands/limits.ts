import type { Command } from 'commander';
import { usageError } from '../../errors';
import {
  parseList,
  parsePositiveInt,
  policyFileOf,
  resolvePolicyAndDocumented,
} from '../../limits/cli-options';
import { parseOperation } from '../../limits/operations';
import { createProgressPrinter } from '../../limits/progress';
import { runLimits } from '../../limits/run-limits';
import { parseSourceIps } from '../../limits/sources';
import { formatVerdictTable } from '../../limits/verdict-table';
import { parseDuration } from '../../policy/index';
import { PROBE_NAMES } from '../../probes/index';
import {
  discardEmptyRun,
  runFolderLines,
  startCommandRun,
  writeCommandRun,
} from '../../report/write-command-run';

interface LimitsFlags {
  target: string;
  apiKey?: string;
  secondApiKey?: string;
  policy?: string;
  limit?: string;
  window?: string;
  sourceIps?: string;
  probes?: string;
  checks?: string;
  excludeChecks?: string;
  out: string;
  operation?: string;
  steadyWindows?: string;
  timeout?: string;
}

export function register(program: Command): void {
  program
    .command('limits')
    .description('probe the target rate limiter and judge it against the rate-limit policy (RL-* checks)')
    .requiredOption('--target <url>', 'base URL of the API under test')
    .option('--api-key <key>', 'API key (prefer the PACER_API_KEY environment variable: flags show in ps)')
    .option('--second-api-key <key>', 'a second API key, for the two-keys probe (or PACER_SECOND_API_KEY)')
    .option('--policy <file>', 'rate-limit policy file (default: the bundled Partner API policy)')
    .option('--limit <n>', 'override the policy limit (requests per window)')
    .option('--window <duration>', 'override the policy window, e.g. 60s, 2s')
    .option('--source-ips <list>', 'source addresses to bind: 127.0.0.2,127.0.0.3 or 127.0.0.10-127.0.0.40')
    .option('--probes <list>', `probes to run (default all: ${PROBE_NAMES.join(', ')})`)
    .option('--checks <list>', 'only these check ids')
    .option('--exclude-checks <list>', 'skip these check ids')
    .option(
      '--out <dir>',
      'the run folder DIR/run-<time>-<id>/ is created here (results.json, junit.xml, summary.md, report.html, trace.ndjson; DIR/latest points at it)',
      'reports',
    )
    .option(
      '--operation <spec>',
      'the cheap read the probes repeat, e.g. "GET /v1/crypto-withdrawal/get-network-fee?currency=usdt"',
    )
    .option('--steady-windows <n>', 'windows the steady probe spans', '3')
    .option('--timeout <duration>', 'per-request timeout', '10s')
    .action(async (flags: LimitsFlags) => {
      process.exitCode = await limitsCommand(flags);
    });
}

/** `--target` must be an http(s) URL: refused before any policy, probe or run folder. */
export function assertTargetUrl(target: string): void {
  let ok = false;
  try {
    const url = new URL(target);
    ok = url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (!ok) throw usageError(`not an http(s) URL: ${JSON.stringify(target)}`, '--target');
}

async function limitsCommand(flags: LimitsFlags): Promise<number> {
  assertTargetUrl(flags.target);
  const { policy, documented } = await resolvePolicyAndDocumented(flags);
  const apiKey = flags.apiKey ?? process.env.PACER_API_KEY;
  const secondApiKey = flags.secondApiKey ?? process.env.PACER_SECOND_API_KEY;
  const sourceIps = flags.sourceIps === undefined ? [] : parseSourceIps(flags.sourceIps);
  const options = {
    target: flags.target,
    apiKey,
    secondApiKey,
    policy,
    sourceIps,
    probes: parseList(flags.probes),
    checks: parseList(flags.checks),
    excludeChecks: parseList(flags.excludeChecks),
    ...(flags.operation ? { operation: parseOperation(flags.operation) } : {}),
    steadyWindows: parsePositiveInt(flags.steadyWindows ?? '3', '--steady-windows'),
    requestTimeoutMs: parseDuration(flags.timeout ?? '10s', '--timeout'),
  };
  const run = await startCommandRun(flags.out);
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\ninterrupted: stopping probes, writing a partial report\n');
    controller.abort(new Error('interrupted'));
  };
  process.once('SIGINT', onSigint);
  const progress = createProgressPrinter(process.stderr);
  try {
    const result = await runLimits({
      ...options,
      outDir: run.dir,
      signal: controller.signal,
      onProgress: progress.onEvent,
    }).catch(async (err: unknown) => {
      await discardEmptyRun(run);
      throw err;
    });
    progress.finish();
    const offset = result.clockOffset;
    const clock = offset
      ? `server clock ${offset.offsetMs >= 0 ? '+' : ''}${Math.round(offset.offsetMs)} ms vs local (bounds ${Math.round(offset.lowerMs)}..${Math.round(offset.upperMs)} ms, rtt ${offset.rttMs.toFixed(1)} ms)`
      : 'server clock: no readable Date header';
    process.stdout.write(`\n${formatVerdictTable(result.verdicts)}\n${clock}\n`);
    process.stdout.write(
      `policy: ${policy.limit} requests per ${policy.windowMs} ms, scope ${policy.scope}\n`,
    );
    const { results, paths, exitCode } = await writeCommandRun({
      run,
      target: flags.target,
      targetKind: 'external',
      finishedAt: result.finishedAt,
      environment: {
        contractFile: null,
        policyFile: policyFileOf(flags),
        clockOffsetMs: result.clockOffsetMs,
        sourceAddresses: result.sources,
      },
      policy,
      documented,
      verdicts: result.verdicts,
      records: result.records,
      interrupted: result.interrupted,
      secrets: [apiKey, secondApiKey],
    });
    process.stdout.write(`status: ${results.status}\n${runFolderLines(paths)}`);
    if (result.interrupted) process.stderr.write('run interrupted: verdicts above are over partial data\n');
    return exitCode;
  } finally {
    progress.finish();
    process.removeListener('SIGINT', onSigint);
  }
}
