import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { buildPlan, type CertifyFlags } from '../../certify/plan';
import { runCertify } from '../../certify/run';
import { formatVerdictRows, verdictRows } from '../../certify/verdict-table';
import { loadConfig } from '../../config/load';
import { ExitCode } from '../../errors';
import { collectList } from '../../limits/cli-options';
import { runFolderLines } from '../../report/write-command-run';
import type { NdjsonTraceWriter } from '../../trace/ndjson-writer';
import { createCertifyProgress, wantsLiveProgress } from '../progress';

/** Picked up from the working directory when --config is not given. */
const DEFAULT_CONFIG = 'pacer.config.yaml';

export function register(program: Command): void {
  program
    .command('certify')
    .description(
      'certify a target: contract conformance + rate-limit probes (+ capacity), one report folder; without --target, the embedded sandbox',
    )
    .option('--target <url>', 'base URL of the API under test (default: start the embedded sandbox)')
    .option('--config <file>', `pacer.config.yaml (default: ./${DEFAULT_CONFIG} when present)`)
    .option('--out <dir>', 'folder the run folder is written under (default: reports)')
    .option('--quick', 'CI gate: every check, fewest windows (the default is the full pre-release run)')
    .option('--capacity', 'add a short capacity step')
    .option('--api-key-env <name>', 'environment variable holding the API key (default PACER_API_KEY)')
    .option('--limit <n>', 'requests per window (overrides the policy)')
    .option('--window <duration>', 'window length, e.g. 60s (overrides the policy)')
    .option('--source-ips <list>', 'source addresses: 127.0.0.2,127.0.0.3 or 127.0.0.10-127.0.0.40')
    .option('--checks <list>', 'only these check ids')
    .option('--exclude-checks <list>', 'leave these check ids out')
    .addOption(
      new Option('--sandbox-fault <name>', 'fault profile for the embedded sandbox (tests, demos)')
        .argParser(collectList)
        .hideHelp(),
    )
    .action(async (flags: CertifyFlags) => {
      process.exitCode = await certifyCommand(flags);
    });
}

async function certifyCommand(flags: CertifyFlags): Promise<number> {
  const configFile = flags.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const config = configFile ? await loadConfig(configFile) : null;
  const plan = await buildPlan({ flags, config, env: process.env });

  const controller = new AbortController();
  let writer: NdjsonTraceWriter | undefined;
  const onSigint = () => {
    if (controller.signal.aborted) {
      // Second Ctrl-C: stop now, keeping what the trace has.
      writer?.flushSync();
      process.exit(ExitCode.interrupted);
    }
    process.stderr.write(
      '\ninterrupted: stopping, writing a partial report (Ctrl-C again to quit at once)\n',
    );
    controller.abort(new Error('interrupted'));
  };
  const flushOnExit = () => writer?.flushSync();
  process.on('SIGINT', onSigint);
  // CI cancellation sends SIGTERM: the same partial report is worth more than none.
  process.on('SIGTERM', onSigint);
  process.once('exit', flushOnExit);
  const tty = wantsLiveProgress(process.env, process.stdout.isTTY === true, process.stderr.isTTY === true);
  const progress = createCertifyProgress(process.stderr, { tty, columns: process.stderr.columns });
  const out = process.stdout;
  try {
    out.write(
      `pacer certify (${plan.mode}): ${plan.target.kind === 'external' ? plan.target.url : 'embedded sandbox'}${config ? `, config ${config.file}` : ''}\n`,
    );
    out.write(
      `policy: ${plan.policy.limit} requests per ${plan.policy.windowMs / 1000} s per ${plan.policy.scope}\n`,
    );
    if (plan.windowNote) out.write(`note: ${plan.windowNote}\n`);
    const outcome = await runCertify(plan, {
      signal: controller.signal,
      onEvent: progress.onEvent,
      onTrace: (w) => {
        writer = w;
      },
    });
    progress.finish();
    const r = outcome.results;
    out.write(`\n${formatVerdictRows(verdictRows(r), process.stdout.columns ?? 120)}\n\n`);
    for (const note of outcome.notes) out.write(`note: ${note}\n`);
    const c = r.summary.checks;
    out.write(
      `${c.total} verdicts: ${c.pass} pass, ${c.fail} fail (${r.summary.requiredFailed} blocking), ${c.warn} warn, ${c.skip} skip; ${r.summary.requests} requests, ${r.summary.status429} x 429\n`,
    );
    out.write(`${verdictLine(r.status)}\n`);
    out.write(runFolderLines(outcome.paths));
    return outcome.exitCode;
  } finally {
    progress.finish();
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
    process.removeListener('exit', flushOnExit);
  }
}

function verdictLine(status: string): string {
  switch (status) {
    case 'certified':
      return 'CERTIFIED: every required check passed';
    case 'violations':
      return 'NOT CERTIFIED: required checks failed (see the table above)';
    case 'interrupted':
      return 'INTERRUPTED: partial report written (partial: true)';
    case 'incomplete':
      return 'NOT CERTIFIED: required checks could not be judged (skipped; see the table above)';
    default:
      return `status: ${status}`;
  }
}
