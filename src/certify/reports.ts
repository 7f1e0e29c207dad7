import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunFolderPaths, RunResults } from '../report/index';
import { writeRunFolder } from '../report/index';
import type { TraceRecord } from '../trace/types';

const REDACTED = '[redacted]';

/**
 * The report writers, then a last sweep of the whole folder for the keys of the run: nothing is
 * supposed to carry them (records hold key labels, repro lines a variable), this makes sure.
 */
export async function writeReports(
  dir: string,
  results: RunResults,
  records: readonly TraceRecord[],
  secrets: readonly string[],
): Promise<RunFolderPaths> {
  const paths = await writeRunFolder(dir, results, records);
  const keys = secrets.filter((s) => s.length >= 4);
  if (keys.length === 0) return paths;
  for (const name of await readdir(dir)) {
    const file = join(dir, name);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null || !keys.some((k) => text.includes(k))) continue;
    let clean = text;
    for (const k of keys) clean = clean.split(k).join(REDACTED);
    await writeFile(file, clean, 'utf8');
  }
  return paths;
}
