import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONTRACT_FILE, runConformance } from '../../conform/runner';
import type { ConformProgress } from '../../conform/types';
import { ExitCode, usageError } from '../../errors';
import { parseDuration } from '../../policy/duration';
import { redactSecrets } from '../../trace/index';

interface ConformFlags {
  target: string;
  spec: string;
  apiKey?: string;
  operations?: string;
  budget: string;
  sourceIps?: string;
  seed: string;
  out?: string;
  limit: string;
  window: string;
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
    .option('--out <dir>', 'write conformance.json and trace.ndjson here')
    .action(async (flags: ConformFlags) => {
      const apiKey = flags.apiKey ?? process.env.PACER_API_KEY;
      if (!apiKey) throw usageError('no API key: set PACER_API_KEY or pass --api-key', '--api-key');
      const result = await runConformance({
        target: flags.target,
        contract: flags.spec,
        apiKey,
        operations: flags.operations ? [flags.operations] : undefined,
        budget: number(flags.budget, '--budget', 0.01, 1),
        sourceIps: flags.sourceIps
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        seed: number(flags.seed, '--seed', 0, 2 ** 32 - 1),
        limit: number(flags.limit, '--limit', 1, 1e9),
        windowMs: parseDuration(flags.window, '--window'),
        onProgress: progressPrinter(),
      });
      if (flags.out) {
        await mkdir(flags.out, { recursive: true });
        const { records, ...rest } = result;
        await writeFile(join(flags.out, 'conformance.json'), `${JSON.stringify(rest, null, 2)}\n`);
        await writeFile(
          join(flags.out, 'trace.ndjson'),
          records.map((r) => JSON.stringify(redactSecrets(r, [apiKey]))).join('\n') + '\n',
        );
      }
      const fails = result.verdicts.filter((v) => v.outcome === 'fail');
      const warns = result.verdicts.filter((v) => v.outcome === 'warn');
      for (const v of [...fails, ...warns]) {
        process.stdout.write(
          `${v.outcome.toUpperCase()} ${v.checkId} ${v.operationId ?? ''}: ${v.reason ?? ''}\n`,
        );
        if (v.repro) process.stdout.write(`  repro: ${v.repro}\n`);
      }
      const unreached = result.coverage.operations.filter((o) => !o.reached);
      for (const o of unreached) process.stdout.write(`UNREACHED ${o.operationId}: ${o.reason ?? ''}\n`);
      const s = result.stats;
      process.stdout.write(
        `${result.verdicts.length} verdicts: ${fails.length} fail, ${warns.length} warn; ${s.requests} requests, ${s.tooManyRequests} x 429, paused ${Math.round(s.pausedMs / 1000)} s, ${Math.round(s.durationMs / 1000)} s total${flags.out ? `; written to ${flags.out}` : ''}\n`,
      );
      if (result.contractError) process.exitCode = ExitCode.usage;
      else if (fails.length > 0) process.exitCode = ExitCode.violations;
    });
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
