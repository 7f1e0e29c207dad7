import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PACER_VERSION } from '../cli/version';
import { ExitCode, PacerError } from '../errors';
import { type BuildRunResultsInput, buildRunResults } from './build';
import { collectEnvironment } from './environment';
import { publicTarget } from './public-target';
import type { RunError, RunResults } from './types';
import { newRunFolder, type RunFolderPaths, writeRunFolder } from './write-run';

/** A run folder opened before any traffic, so the trace can be written into it as it goes. */
export interface CommandRun {
  dir: string;
  runId: string;
  startedAt: Date;
  /** `<dir>/trace.ndjson`: where the command writes its records. */
  traceFile: string;
}

/**
 * Opens `<outBase>/run-<stamp>-<rand>` (default base `reports`), the folder every verdict-producing
 * command (certify, limits, conform, capacity, analyze) writes into.
 */
export async function startCommandRun(outBase = 'reports', now: Date = new Date()): Promise<CommandRun> {
  const runId = `${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const dir = await newRunFolder(outBase, now);
  return { dir, runId, startedAt: now, traceFile: join(dir, 'trace.ndjson') };
}

export interface WriteCommandRunInput
  extends Omit<
    BuildRunResultsInput,
    'pacerVersion' | 'runId' | 'startedAt' | 'finishedAt' | 'environment' | 'target' | 'error' | 'traceFile'
  > {
  run: CommandRun;
  /** Base URL of the target (user info and query are dropped before it is written). */
  target: string;
  finishedAt?: Date;
  environment: {
    contractFile: string | null;
    policyFile: string | null;
    clockOffsetMs: number | null;
    sourceAddresses: ReadonlyArray<string | null>;
  };
  /** Trace the verdicts were computed from (default: the run folder's trace.ndjson). */
  traceFile?: string | null;
  /** What stopped the run (status `error`); an interrupted run without one gets the SIGINT note. */
  error?: unknown;
  /** Replaces the generated policy note (e.g. certify's shortened-window wording). */
  policyNote?: string;
  /** API keys of the run: redacted from every file of the folder, the trace included. */
  secrets: ReadonlyArray<string | undefined>;
  /** Environment to read GITHUB_STEP_SUMMARY from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

export interface CommandRunOutcome {
  results: RunResults;
  paths: RunFolderPaths;
  /** 0 certified, 1 violations or incomplete, 130 interrupted; for `error`, the error's own exit status. */
  exitCode: number;
}

const REDACTED = '[redacted]';

export function runErrorOf(err: unknown): RunError {
  if (err instanceof PacerError) return { code: err.code, message: err.toLine() };
  return { code: 'PACER_ERR_INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/** The one exit-code rule of every verdict-producing command: only `certified` is 0. */
export function exitCodeOf(results: Pick<RunResults, 'status'>, error?: unknown): number {
  switch (results.status) {
    case 'certified':
      return ExitCode.ok;
    case 'violations':
    case 'incomplete':
      return ExitCode.violations;
    case 'interrupted':
      return ExitCode.interrupted;
    default:
      return error instanceof PacerError ? error.exitCode : ExitCode.violations;
  }
}

/**
 * Builds the RunResults of a command and writes the standard run folder (results.json, junit.xml,
 * summary.md, report.html beside the command's trace.ndjson, `latest` pointer, $GITHUB_STEP_SUMMARY),
 * then sweeps every file of the folder for the run's keys: nothing is supposed to carry them, this
 * makes sure.
 */
export async function writeCommandRun(input: WriteCommandRunInput): Promise<CommandRunOutcome> {
  const { run, environment, error, secrets, env, policyNote, finishedAt, traceFile, ...rest } = input;
  // The trace writer's rule (src/trace/ndjson-writer.ts): every non-empty key, whatever its length.
  const keys = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  const runError: RunError | undefined =
    error !== undefined
      ? runErrorOf(error)
      : input.interrupted
        ? {
            code: 'PACER_ERR_INTERRUPTED',
            message: 'interrupted (SIGINT): verdicts judge the records collected before it',
          }
        : undefined;
  const results = buildRunResults({
    ...rest,
    pacerVersion: PACER_VERSION,
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: finishedAt ?? new Date(),
    target: publicTarget(input.target),
    environment: await collectEnvironment({
      ...environment,
      sourceAddresses: [
        ...new Set(environment.sourceAddresses.filter((s): s is string => typeof s === 'string')),
      ],
    }),
    traceFile: traceFile === undefined ? run.traceFile : traceFile,
    ...(runError ? { error: runError } : {}),
  });
  if (policyNote) results.policyNote = policyNote;
  const paths = await writeRunFolder(run.dir, results, input.records, { secrets: keys, env });
  // writeRunFolder redacted the four reports as it wrote them: only the other files are read back.
  await sweepSecrets(run.dir, keys, [paths.results, paths.junit, paths.summary, paths.report]);
  return { results, paths, exitCode: exitCodeOf(results, error) };
}

async function sweepSecrets(
  dir: string,
  keys: readonly string[],
  redacted: readonly string[],
): Promise<void> {
  if (keys.length === 0) return;
  for (const name of await readdir(dir)) {
    const file = join(dir, name);
    if (redacted.includes(file)) continue;
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null || !keys.some((k) => text.includes(k))) continue;
    let clean = text;
    for (const k of keys) clean = clean.split(k).join(REDACTED);
    await writeFile(file, clean, 'utf8');
  }
}

/** A path relative to the working directory when it lies under it. */
export function showPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

/** The closing lines every command prints: where the report and the run folder are. */
export function runFolderLines(paths: RunFolderPaths, show: (p: string) => string = showPath): string {
  return (
    `report: ${show(paths.report)}\n` +
    `run folder: ${show(paths.dir)} (results.json, junit.xml, summary.md, report.html, trace.ndjson)\n`
  );
}

/**
 * A command that fails before its first request (bad flag, target down) leaves no empty run
 * folder behind; a folder that holds anything (a trace) is kept.
 */
export async function discardEmptyRun(run: CommandRun): Promise<void> {
  const names = await readdir(run.dir).catch(() => null);
  const empty = names?.every((n) => n === 'trace.ndjson') && (await isEmptyFile(run.traceFile));
  if (empty) await rm(run.dir, { recursive: true, force: true });
}

async function isEmptyFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size === 0;
  } catch {
    return true;
  }
}
