/**
 * Test helper: runs the reference sandbox in its own process (so the load generator under test does
 * not share an event loop with the target) and prints `URL <url>` once it listens. Options come as
 * one JSON argument (SandboxOptions). Stops on SIGTERM or when its parent's stdin closes.
 */
import { startSandbox } from '../sandbox/index';
import type { SandboxOptions } from '../sandbox/types';

const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
const sandbox = await startSandbox(options);
process.stdout.write(`URL ${sandbox.url}\n`);
const stop = (): void => {
  sandbox.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
