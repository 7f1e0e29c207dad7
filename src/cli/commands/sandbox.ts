import type { Command } from 'commander';
import { usageError } from '../../errors';
import { collectList } from '../../limits/cli-options';
import { describeDuration, parseDuration } from '../../policy/duration';
import { listFaults, startSandbox, TRUTH_PATH } from '../../sandbox/index';
import { DEMO_API_KEY, type SandboxOptions } from '../../sandbox/types';

interface SandboxFlags {
  port?: string;
  host?: string;
  limit?: string;
  window?: string;
  fault: string[];
  trustProxy?: string;
  latency?: string;
  concurrency?: string;
  apiKey: string[];
  seed?: string;
  serverErrorRate?: string;
  contract?: string;
  listFaults?: boolean;
}

function integer(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw usageError(`${flag} must be a whole number, got "${text}"`, flag);
  return Number(text);
}

function fraction(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw usageError(`${flag} must be a number from 0 to 1, got "${text}"`, flag);
  }
  return n;
}

/** Flags -> SandboxOptions; every problem is a usage error naming its flag. */
export function sandboxOptionsFromFlags(flags: SandboxFlags): SandboxOptions {
  const options: SandboxOptions = {
    host: flags.host,
    port: integer(flags.port, '--port'),
    limit: integer(flags.limit, '--limit'),
    windowMs: flags.window === undefined ? undefined : parseDuration(flags.window, '--window'),
    faults: flags.fault,
    trustProxy: integer(flags.trustProxy, '--trust-proxy'),
    latency: flags.latency,
    concurrency: integer(flags.concurrency, '--concurrency'),
    apiKeys: flags.apiKey.length > 0 ? flags.apiKey : undefined,
    seed: integer(flags.seed, '--seed'),
    serverErrorRate: fraction(flags.serverErrorRate, '--server-error-rate'),
    contractFile: flags.contract,
  };
  if (options.port !== undefined && options.port > 65_535)
    throw usageError('--port must be at most 65535', '--port');
  if (options.concurrency === 0) throw usageError('--concurrency must be at least 1', '--concurrency');
  if (options.windowMs === 0) throw usageError('--window must be longer than 0', '--window');
  return options;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function register(program: Command): void {
  program
    .command('sandbox')
    .description('run the reference Partner API sandbox (rate limiter, contract validation, fault profiles)')
    .option('--port <n>', 'port to listen on (default: ephemeral)')
    .option('--host <addr>', 'address to bind (default 127.0.0.1)')
    .option(
      '--limit <n>',
      'requests per window per source IP (default 300; 0 = unlimited, no rate-limit headers)',
    )
    .option('--window <duration>', 'window length, e.g. 60s, 1m, 2500ms (default 60s)')
    .option(
      '--fault <name>',
      'fault profile to apply; repeat or comma-separate (see --list-faults)',
      collectList,
      [],
    )
    .option('--trust-proxy <hops>', 'trust forwarding headers from this many proxies (default 0)')
    .option('--latency <dist>', 'added service time: fixed:20ms, uniform:5ms..15ms or exp:10ms')
    .option('--concurrency <n>', 'serve at most n requests at once; the rest queue (FIFO)')
    .option('--api-key <key>', 'accepted API key; repeatable (default: the demo key)', collectList, [])
    .option('--seed <n>', 'seed for fault sampling and latency draws (default 1)')
    .option('--server-error-rate <fraction>', 'share of requests the server-error fault fails (default 0.2)')
    .option('--contract <file>', 'OpenAPI contract (default: the bundled conformance/partner-api.yaml)')
    .option('--list-faults', 'print the fault profiles, one per line, and exit')
    .action(async (flags: SandboxFlags) => {
      if (flags.listFaults) {
        process.stdout.write(`${listFaults().join('\n')}\n`);
        return;
      }
      const sandbox = await startSandbox(sandboxOptionsFromFlags(flags));
      const o = sandbox.options;
      const limit =
        o.limit === 0
          ? 'unlimited'
          : `${o.limit ?? 300} per ${describeDuration(o.windowMs ?? 60_000)} per IP`;
      const keys = o.apiKeys ? `${o.apiKeys.length} configured key(s)` : `demo key ${DEMO_API_KEY}`;
      process.stdout.write(
        [
          `pacer sandbox listening on ${sandbox.url}`,
          `  limit: ${limit}; faults: ${o.faults?.length ? o.faults.join(', ') : 'none'}; auth: ${keys}`,
          `  truth: ${sandbox.url}${TRUTH_PATH} (not rate limited)`,
          '  Ctrl-C to stop',
        ].join('\n') + '\n',
      );
      await waitForSignal();
      await sandbox.close();
    });
}
