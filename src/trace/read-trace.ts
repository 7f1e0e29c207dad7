import { createReadStream } from 'node:fs';
import { PacerError } from '../errors';
import type { TraceRecord } from './types';

/**
 * Streams the records of an NDJSON trace file. A last line without its newline that does not parse
 * is what an interrupted run leaves behind: it is skipped. Any other bad line is an error naming
 * the file and the line.
 */
export async function* streamTrace(file: string): AsyncGenerator<TraceRecord> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  let rest = '';
  let lineNo = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      rest += chunk;
      let nl = rest.indexOf('\n');
      while (nl !== -1) {
        const line = rest.slice(0, nl);
        rest = rest.slice(nl + 1);
        lineNo += 1;
        const record = parseLine(file, lineNo, line);
        if (record) yield record;
        nl = rest.indexOf('\n');
      }
    }
  } catch (cause) {
    if (cause instanceof PacerError) throw cause;
    throw new PacerError('PACER_ERR_FILE', `cannot read trace file: ${String(cause)}`, { file, cause });
  }
  if (rest.trim() !== '') {
    lineNo += 1;
    let record: TraceRecord | null = null;
    try {
      record = parseLine(file, lineNo, rest);
    } catch {
      // truncated by an interrupted run: keep everything before it
      record = null;
    }
    if (record) yield record;
  }
}

/** Reads a whole trace file into memory (see `streamTrace` for the tolerance rules). */
export async function readTrace(file: string): Promise<TraceRecord[]> {
  const records: TraceRecord[] = [];
  for await (const record of streamTrace(file)) records.push(record);
  return records;
}

function parseLine(file: string, line: number, text: string): TraceRecord | null {
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new PacerError('PACER_ERR_PARSE', `trace line is not valid JSON: ${String(cause)}`, {
      file,
      line,
      cause,
    });
  }
  const problem = shapeProblem(value);
  if (problem) throw new PacerError('PACER_ERR_PARSE', `not a trace record: ${problem}`, { file, line });
  return value as TraceRecord;
}

/** The fields every consumer relies on; the rest is optional by design. */
function shapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const r = value as Record<string, unknown>;
  for (const key of ['seq', 'intendedMs', 'sentMs', 'sentAtEpochMs', 'bodySize'] as const) {
    if (typeof r[key] !== 'number') return `field "${key}" must be a number`;
  }
  for (const key of ['probe', 'method', 'path', 'pathTemplate', 'keyLabel'] as const) {
    if (typeof r[key] !== 'string') return `field "${key}" must be a string`;
  }
  if (r.status !== null && typeof r.status !== 'number') return 'field "status" must be a number or null';
  if (typeof r.headers !== 'object' || r.headers === null) return 'field "headers" must be an object';
  return null;
}
