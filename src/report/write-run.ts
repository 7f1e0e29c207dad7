import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readlink, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { PacerError } from '../errors';
import type { TraceRecord } from '../trace/types';
import { renderHtmlReport } from './html/page';
import { renderJunit } from './junit';
import { renderResultsJson } from './results-json';
import { renderSummaryMarkdown } from './summary-md';
import type { RunResults } from './types';

export interface RunFolderPaths {
  dir: string;
  results: string;
  junit: string;
  summary: string;
  report: string;
  /** `reports/latest` symlink, or `reports/latest.txt` when symlinks are not available. */
  latest: string;
  /** The step summary file appended to, when $GITHUB_STEP_SUMMARY was set. */
  stepSummary?: string;
}

export interface WriteRunOptions {
  /** Environment to read GITHUB_STEP_SUMMARY from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** API keys: replaced by `[redacted]` should one ever reach a report (defence in depth). */
  secrets?: readonly string[];
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}

/** `reports/run-20261129-011818-3fa2`: sortable by time, unique within a second. */
export async function newRunFolder(base = 'reports', now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const dir = join(base, `run-${stamp}-${randomBytes(2).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new PacerError('PACER_ERR_FILE', `cannot create run folder ${dir}`, { file: dir, cause: err });
  }
  return dir;
}

/** Write then rename, so a reader (or a killed run) never sees half a report. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

async function pointLatest(dir: string): Promise<string> {
  const base = dirname(resolve(dir));
  const link = join(base, 'latest');
  const target = relative(base, resolve(dir)) || basename(dir);
  try {
    try {
      await readlink(link);
      await unlink(link);
    } catch {
      // No previous link (or a real folder named latest, which symlink() below reports).
    }
    await symlink(target, link, 'dir');
    return link;
  } catch {
    const txt = join(base, 'latest.txt');
    await rm(txt, { force: true });
    await writeFile(txt, `${resolve(dir)}\n`, 'utf8');
    return txt;
  }
}

/**
 * Writes results.json, junit.xml, summary.md and report.html into `dir` (the engine writes
 * trace.ndjson there itself), points `latest` beside it at the folder, and appends the summary to
 * $GITHUB_STEP_SUMMARY when set. The only report function that touches files.
 */
export async function writeRunFolder(
  dir: string,
  results: RunResults,
  records: readonly TraceRecord[],
  options: WriteRunOptions = {},
): Promise<RunFolderPaths> {
  const env = options.env ?? process.env;
  const clean = (text: string): string => redact(text, options.secrets ?? []);
  const paths = {
    dir,
    results: join(dir, 'results.json'),
    junit: join(dir, 'junit.xml'),
    summary: join(dir, 'summary.md'),
    report: join(dir, 'report.html'),
  };
  try {
    await mkdir(dir, { recursive: true });
    await writeAtomic(paths.results, clean(renderResultsJson(results)));
    await writeAtomic(paths.junit, clean(renderJunit(results)));
    await writeAtomic(paths.summary, clean(renderSummaryMarkdown(results, { reportPath: 'report.html' })));
    await writeAtomic(paths.report, clean(renderHtmlReport(results, records)));
  } catch (err) {
    throw new PacerError('PACER_ERR_FILE', `cannot write reports to ${dir}`, { file: dir, cause: err });
  }
  const latest = await pointLatest(dir);
  const stepSummary = env.GITHUB_STEP_SUMMARY;
  if (stepSummary) {
    const md = renderSummaryMarkdown(results, { reportPath: resolve(paths.report) });
    await appendFile(stepSummary, `${clean(md)}\n`, 'utf8');
  }
  return { ...paths, latest, ...(stepSummary ? { stepSummary } : {}) };
}
