import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { RunResults } from '../types';

/** The files every verdict-producing command leaves in its run folder. */
export const RUN_FOLDER_FILES = ['junit.xml', 'report.html', 'results.json', 'summary.md', 'trace.ndjson'];

let validate: ValidateFunction | undefined;

/** results.json checked against schemas/results.schema.json; ajv's error text, or '' when valid. */
export function schemaErrors(results: unknown): string {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync('schemas/results.schema.json', 'utf8')));
  }
  return validate(results) ? '' : JSON.stringify(validate.errors);
}

/** The run folder `<base>/latest` points at (a symlink, or latest.txt where symlinks fail). */
export function latestRun(base: string): string {
  try {
    return realpathSync(join(base, 'latest'));
  } catch {
    return readFileSync(join(base, 'latest.txt'), 'utf8').trim();
  }
}

/** The run folders (run-*) directly under a base. */
export function runFolders(base: string): string[] {
  try {
    return readdirSync(base).filter((n) => n.startsWith('run-'));
  } catch {
    return [];
  }
}

export function readResults(dir: string): RunResults {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
}

/** Every regular file under a directory, read as text (symlinks such as `latest` are not followed). */
export function allText(dir: string): string {
  let text = '';
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}
