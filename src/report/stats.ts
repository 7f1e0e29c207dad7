import type { TraceRecord } from '../trace/types';
import type { LatencyReport, LatencySummary, ProbeSummary } from './types';

/** Status classes used by every report (and the timeline colours). Order is the legend order. */
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '429', '5xx', 'error'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export function statusClass(status: number | null): StatusClass {
  if (status === null) return 'error';
  if (status === 429) return '429';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300 || status < 200) return '3xx';
  return '2xx';
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

export function summariseLatency(durations: number[]): LatencySummary {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : 0),
  };
}

function groupDurations(records: readonly TraceRecord[], key: (r: TraceRecord) => string | null) {
  const groups = new Map<string, number[]>();
  for (const r of records) {
    const k = key(r);
    if (k === null || r.endMs === null) continue;
    let list = groups.get(k);
    if (!list) {
      list = [];
      groups.set(k, list);
    }
    list.push(r.endMs - r.sentMs);
  }
  const out: Record<string, LatencySummary> = {};
  for (const [k, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) out[k] = summariseLatency(list);
  return out;
}

export function latencyReport(records: readonly TraceRecord[]): LatencyReport {
  const all: number[] = [];
  for (const r of records) if (r.endMs !== null) all.push(r.endMs - r.sentMs);
  return {
    overall: summariseLatency(all),
    byProbe: groupDurations(records, (r) => r.probe),
    byOperation: groupDurations(records, (r) => r.operationId),
  };
}

export function probeSummaries(records: readonly TraceRecord[]): ProbeSummary[] {
  const byName = new Map<
    string,
    { first: number; last: number; n: number; src: Set<string>; cls: Record<string, number> }
  >();
  for (const r of records) {
    let p = byName.get(r.probe);
    if (!p) {
      p = { first: r.sentMs, last: r.endMs ?? r.sentMs, n: 0, src: new Set(), cls: {} };
      byName.set(r.probe, p);
    }
    p.first = Math.min(p.first, r.sentMs);
    p.last = Math.max(p.last, r.endMs ?? r.sentMs);
    p.n++;
    p.src.add(r.source ?? 'default');
    const c = statusClass(r.status);
    p.cls[c] = (p.cls[c] ?? 0) + 1;
  }
  return [...byName].map(([name, p]) => ({
    name,
    requests: p.n,
    durationMs: round(p.last - p.first),
    sources: [...p.src].sort(),
    statusClasses: p.cls,
  }));
}

/** The probe most of a verdict's evidence records came from (ties: first seen). */
export function dominantProbe(
  seqs: Iterable<number>,
  probeBySeq: ReadonlyMap<number, string>,
): string | undefined {
  const counts = new Map<string, number>();
  for (const s of seqs) {
    const p = probeBySeq.get(s);
    if (p !== undefined) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestN = 0;
  for (const [p, n] of counts) {
    if (n > bestN) {
      best = p;
      bestN = n;
    }
  }
  return best;
}
