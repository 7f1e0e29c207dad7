/**
 * k6 `--out json=FILE` (NDJSON of Metric and Point lines) back into pacer trace records, so the same
 * rate-limit checks judge a k6 run. Only `pacer_trace` points are read: their tags carry the record
 * (see trace-tags.ts); built-in metrics are skipped. `.gz` files (k6 `--out json=x.json.gz`) are
 * unzipped on the fly.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { PacerError } from '../errors';
import type { TraceRecord } from '../trace/types';
import { type DecodedSample, decodeTraceTags, TRACE_METRIC } from './trace-tags';

interface PointLine {
  type: 'Point';
  metric: string;
  data: { time: string; value: number; tags: Record<string, string> | null };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseError(message: string, file: string | undefined, line: number): PacerError {
  return new PacerError('PACER_ERR_PARSE', message, { file, line });
}

/**
 * Pure: the lines of a k6 JSON output, in file order, to trace records ordered by send time
 * (`seq` 1..n; times relative to the earliest intended/send time). A last line that does not parse
 * is what an interrupted k6 leaves behind and is skipped; any other bad line is an error.
 */
export function k6LinesToRecords(lines: readonly string[], file?: string): TraceRecord[] {
  const samples: DecodedSample[] = [];
  let lastContent = lines.length - 1;
  while (lastContent >= 0 && lines[lastContent].trim() === '') lastContent--;
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      if (i === lastContent) return;
      throw parseError(`k6 JSON line is not valid JSON: ${String(cause)}`, file, i + 1);
    }
    if (!isObject(value) || typeof value.type !== 'string') {
      throw parseError('not a k6 JSON output line (expected {"type": "Metric"|"Point", ...})', file, i + 1);
    }
    if (value.type !== 'Point' || value.metric !== TRACE_METRIC) return;
    const point = value as unknown as PointLine;
    if (!isObject(point.data) || !isObject(point.data.tags)) {
      throw parseError(`${TRACE_METRIC} point without data.tags`, file, i + 1);
    }
    const decoded = decodeTraceTags(point.data.tags);
    if (!decoded.ok) throw parseError(`${TRACE_METRIC} point: ${decoded.problem}`, file, i + 1);
    samples.push(decoded.sample);
  });
  return toRecords(samples);
}

function toRecords(samples: DecodedSample[]): TraceRecord[] {
  if (samples.length === 0) return [];
  // Send time orders the run; a VU's own counter breaks ties (sequential sends in the same ms).
  samples.sort((a, b) => a.sentEpochMs - b.sentEpochMs || a.vu - b.vu || a.n - b.n);
  let origin = Number.POSITIVE_INFINITY;
  for (const s of samples) origin = Math.min(origin, s.sentEpochMs, s.intendedEpochMs);
  const rel = (epoch: number | null): number | null => (epoch === null ? null : epoch - origin);
  return samples.map((s, i) => ({
    seq: i + 1,
    ...s.record,
    intendedMs: s.intendedEpochMs - origin,
    sentMs: s.sentEpochMs - origin,
    firstByteMs: rel(s.firstByteEpochMs),
    endMs: rel(s.endEpochMs),
    sentAtEpochMs: s.sentEpochMs,
  }));
}

/** Reads a k6 JSON output file (plain or .gz) into trace records; an empty result is an error. */
export async function readK6Json(file: string): Promise<TraceRecord[]> {
  const lines: string[] = [];
  try {
    const raw = createReadStream(file);
    const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    raw.on('error', (e) => input.destroy(e));
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      lines.push(line);
    }
  } catch (cause) {
    throw new PacerError('PACER_ERR_FILE', `cannot read k6 JSON output: ${String(cause)}`, { file, cause });
  }
  const records = k6LinesToRecords(lines, file);
  if (records.length === 0) {
    throw new PacerError(
      'PACER_ERR_PARSE',
      `no ${TRACE_METRIC} samples: was the run made with a pacer scenario and --out json=FILE?`,
      { file },
    );
  }
  return records;
}
