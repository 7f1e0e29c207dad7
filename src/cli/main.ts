import { Command, CommanderError } from 'commander';
import { ExitCode, PacerError } from '../errors';
import { registerCommands } from './commands/index';
import { PACER_VERSION } from './version';

/** The only place that turns errors into exit codes and lines on stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('pacer')
    .description('Rate-limit and contract conformance certification for HTTP APIs')
    .version(PACER_VERSION)
    .option('--verbose', 'print stack traces for errors')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (err) {
    return reportError(err, argv.includes('--verbose'));
  }
}

function reportError(err: unknown, verbose: boolean): number {
  if (err instanceof CommanderError) {
    // Help and version requests end through commander too; they are not errors.
    if (err.exitCode === 0) return ExitCode.ok;
    return ExitCode.usage;
  }
  if (err instanceof PacerError) {
    process.stderr.write(`pacer: ${err.toLine()}\n`);
    if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`pacer: internal error (a bug in pacer, not in your input): ${message}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return ExitCode.internal;
}

const isEntry = process.argv[1] !== undefined && /pacer(\.js)?$|main\.ts$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`pacer: ${String(err)}\n`);
      process.exitCode = ExitCode.internal;
    },
  );
}
