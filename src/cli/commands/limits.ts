import type { Command } from 'commander';
import { parseList, parsePositiveInt, resolvePolicy } from '../../limits/cli-options';
import { parseOperation } from '../../limits/operations';
import { createProgressPrinter } from '../../limits/progress';
import { runLimits } from '../../limits/run-limits';
import { parseSourceIps } from '../../limits/sources';
import { formatVerdictTable } from '../../limits/verdict-table';
import { parseDuration } from '../../policy/index';
import { PROBE_NAMES } from '../../probes/index';

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
    .option('--out <dir>', 'output directory for trace.ndjson and results.json', 'reports/limits')
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

async function limitsCommand(flags: LimitsFlags): Promise<number> {
  const policy = await resolvePolicy(flags);
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\ninterrupted: stopping probes, writing partial results\n');
    controller.abort(new Error('interrupted'));
  };
  process.once('SIGINT', onSigint);
  const progress = createProgressPrinter(process.stderr);
  try {
    const result = await runLimits({
      target: flags.target,
      apiKey: flags.apiKey ?? process.env.PACER_API_KEY,
      secondApiKey: flags.secondApiKey ?? process.env.PACER_SECOND_API_KEY,
      policy,
      sourceIps: flags.sourceIps === undefined ? [] : parseSourceIps(flags.sourceIps),
      probes: parseList(flags.probes),
      checks: parseList(flags.checks),
      excludeChecks: parseList(flags.excludeChecks),
      outDir: flags.out,
      ...(flags.operation ? { operation: parseOperation(flags.operation) } : {}),
      steadyWindows: parsePositiveInt(flags.steadyWindows ?? '3', '--steady-windows'),
      requestTimeoutMs: parseDuration(flags.timeout ?? '10s', '--timeout'),
      signal: controller.signal,
      onProgress: progress.onEvent,
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
    process.stdout.write(`trace: ${result.traceFile}\nresults: ${result.resultsFile}\n`);
    if (result.interrupted) process.stderr.write('run interrupted: verdicts above are over partial data\n');
    return result.exitCode;
  } finally {
    progress.finish();
    process.removeListener('SIGINT', onSigint);
  }
}
