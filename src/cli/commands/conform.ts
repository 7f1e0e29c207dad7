import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { conformanceChecks } from '../../checks/conformance/index';
import { selectChecks } from '../../checks/evaluate';
import { DEFAULT_CONTRACT_FILE, runConformance } from '../../conform/runner';
import type { ConformanceResult, ConformProgress } from '../../conform/types';
import { loadContract } from '../../contract/index';
import { PacerError, usageError } from '../../errors';
import { parseList, resolvePolicy } from '../../limits/cli-options';
import { assertLocalAddresses } from '../../limits/preflight';
import { parseSourceIps } from '../../limits/sources';
import {
  discardEmptyRun,
  runFolderLines,
  startCommandRun,
  writeCommandRun,
} from '../../report/write-command-run';
import { createNdjsonTraceWriter } from '../../trace/ndjson-writer';
import type { TraceRecord } from '../../trace/types';
import { assertTargetUrl } from './limits';

interface ConformFlags {
  target: string;
  spec: string;
  apiKey?: string;
  operations?: string;
  budget: string;
  sourceIps?: string;
  seed: string;
  out: string;
  limit: string;
  window: string;
  checks?: string;
  excludeChecks?: string;
}

function number(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw usageError(`${flag} must be a number from ${min} to ${max}, got "${text}"`, flag);
  return n;
}

export function register(program: Command): void {
  program
    .command('conform')
    .description(
      'Validate every operation of the contract against a target (ajv), paced within the rate limit',
    )
    .requiredOption('--target <url>', 'base URL of the API under test')
    .option('--spec <file>', 'OpenAPI 3.1 contract', DEFAULT_CONTRACT_FILE)
    .option('--api-key <key>', 'API key (prefer the PACER_API_KEY environment variable)')
    .option('--operations <globs>', 'comma-separated operationId globs to run (default: all)')
    .option('--budget <share>', 'share of each window quota to spend per source address', '0.5')
    .option('--source-ips <list>', 'comma-separated local source addresses to spread requests over')
    .option('--seed <n>', 'seed for case generation', '1')
    .option('--limit <n>', 'quota assumed until the target advertises one', '300')
    .option('--window <duration>', 'window assumed until the target advertises one', '60s')
    .option('--checks <list>', 'only these check ids (CT-*, comma-separated)')
    .option('--exclude-checks <list>', 'leave these check ids out')
    .option(
      '--out <dir>',
      'the run folder DIR/run-<time>-<id>/ is created here (results.json with coverage, junit.xml, summary.md, report.html, trace.ndjson; DIR/latest points at it)',
      'reports',
    )
    .action(async (flags: ConformFlags) => {
      process.exitCode = await conformCommand(flags);
    });
}

async function conformCommand(flags: ConformFlags): Promise<number> {
  assertTargetUrl(flags.target);
  const apiKey = flags.apiKey ?? process.env.PACER_API_KEY;
  if (!apiKey) throw usageError('no API key: set PACER_API_KEY or pass --api-key', '--api-key');
  // --limit and --window are parsed (and refused) once, by resolvePolicy.
  const policy = await resolvePolicy({ limit: flags.limit, window: flags.window });
  const sourceIps = flags.sourceIps === undefined ? undefined : parseSourceIps(flags.sourceIps);
  const checks = parseList(flags.checks);
  const excludeChecks = parseList(flags.excludeChecks);
  // A typo in a check id is a usage error before a run folder exists (the runner checks again).
  selectChecks(conformanceChecks.all(), { only: checks, exclude: excludeChecks });
  // A spec that is missing or does not parse is a usage error before any traffic or run folder.
  const contract = await loadContract(flags.spec);
  // An address not on this machine would fail every request as an unreachable target.
  if (sourceIps) await assertLocalAddresses(sourceIps);
  const options = {
    target: flags.target,
    contract,
    checks,
    excludeChecks,
    apiKey,
    operations: flags.operations ? [flags.operations] : undefined,
    budget: number(flags.budget, '--budget', 0.01, 1),
    sourceIps,
    seed: number(flags.seed, '--seed', 0, 2 ** 32 - 1),
    limit: policy.limit,
    windowMs: policy.windowMs,
    onProgress: progressPrinter(),
  };
  const run = await startCommandRun(flags.out);
  const writer = createNdjsonTraceWriter(run.traceFile, { secrets: [apiKey] });
  const records: TraceRecord[] = [];
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\ninterrupted: stopping, writing a partial report\n');
    controller.abort(new Error('interrupted'));
  };
  process.once('SIGINT', onSigint);
  let result: ConformanceResult | undefined;
  let closed = false;
  try {
    result = await runConformance({
      ...options,
      signal: controller.signal,
      onRecord: (r) => {
        // A request still in flight after Ctrl-C may land once the trace is closed: drop it.
        if (closed) return;
        records.push(r);
        writer.write(r);
      },
    });
  } catch (err) {
    // Ctrl-C stops the runner by throwing: the report then holds the traffic it sent, no verdicts.
    if (!controller.signal.aborted) {
      closed = true;
      await writer.close();
      await discardEmptyRun(run);
      throw err;
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    closed = true;
    await writer.close();
  }

  const verdicts = result?.verdicts ?? [];
  for (const v of verdicts.filter((x) => x.outcome === 'fail' || x.outcome === 'warn')) {
    process.stdout.write(
      `${v.outcome.toUpperCase()} ${v.checkId} ${v.operationId ?? ''}: ${v.reason ?? ''}\n`,
    );
    if (v.repro) process.stdout.write(`  repro: ${v.repro}\n`);
  }
  for (const o of result?.coverage.operations.filter((op) => !op.reached) ?? [])
    process.stdout.write(`UNREACHED ${o.operationId}: ${o.reason ?? ''}\n`);
  if (result) {
    const s = result.stats;
    const fails = verdicts.filter((v) => v.outcome === 'fail').length;
    const warns = verdicts.filter((v) => v.outcome === 'warn').length;
    process.stdout.write(
      `${verdicts.length} verdicts: ${fails} fail, ${warns} warn; ${s.requests} requests, ${s.tooManyRequests} x 429, paused ${Math.round(s.pausedMs / 1000)} s, ${Math.round(s.durationMs / 1000)} s total\n`,
    );
  }
  const contractError = result?.contractError
    ? new PacerError('PACER_ERR_CONTRACT_LOAD', result.contractError, { file: flags.spec })
    : undefined;
  const { results, paths, exitCode } = await writeCommandRun({
    run,
    target: flags.target,
    targetKind: 'external',
    environment: {
      // A contract that did not load has no hash to report (and is named in the error).
      contractFile: !contractError && existsSync(flags.spec) ? flags.spec : null,
      policyFile: null,
      clockOffsetMs: null,
      sourceAddresses: sourceIps ?? [],
    },
    policy,
    verdicts,
    records: result?.records ?? records,
    ...(result ? { coverage: result.coverage } : {}),
    interrupted: result === undefined,
    ...(contractError ? { error: contractError } : {}),
    secrets: [apiKey],
  });
  process.stdout.write(`status: ${results.status}\n${runFolderLines(paths)}`);
  return exitCode;
}

function progressPrinter(): (p: ConformProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase === 'pause' && (p.waitMs ?? 0) > 1000) {
      process.stderr.write(
        `conform: ${p.done}/${p.total} pausing ${Math.round((p.waitMs ?? 0) / 1000)} s (${p.reason})\n`,
      );
    } else if (p.phase === 'request' && now - last > 2000) {
      last = now;
      process.stderr.write(`conform: ${p.done}/${p.total} ${p.operationId ?? ''}\n`);
    }
  };
}
