import { intHeader } from '../../checks/rate-limit/records';
import type { TraceRecord } from '../../trace/types';
import { STATUS_CLASSES, statusClass } from '../stats';

/**
 * The timeline's data, columnar so 20k records embed compactly and draw in one pass. Times are ms
 * since the first send. Everything derived (lanes, bands, boundaries) is computed here, in pure
 * code under test; the inline script only scales and draws.
 */
export interface TimelineData {
  /** Wall-clock epoch ms of t = 0 (local clock). */
  t0Epoch: number;
  durMs: number;
  limit: number;
  windowMs: number;
  classes: readonly string[];
  lanes: string[];
  /** Per record, in seq order. */
  seq: number[];
  t: number[];
  lane: number[];
  cls: number[];
  status: number[];
  /** Latency ms, -1 when the exchange did not complete. */
  lat: number[];
  /** Remaining per record (-1 when absent or not an integer). */
  rem: number[];
  /** Remaining series per source: record indices in response order. */
  remSeries: Array<{ source: string; idx: number[] }>;
  /** Advertised resets (X-RateLimit-Reset, converted to local run time), distinct, ms. */
  resets: number[];
  /** Where a spent quota was observed restored (first admitted response after 429/Remaining 0). */
  bounds: number[];
  /** Runs of consecutive 429s per lane: [lane, fromMs, toMs]. */
  bands: Array<[number, number, number]>;
}

const MAX_RESET_LINES = 500;

const endOf = (r: TraceRecord): number => r.endMs ?? r.firstByteMs ?? r.sentMs;

export function buildTimelineData(
  records: readonly TraceRecord[],
  opts: { limit: number; windowMs: number; clockOffsetMs: number | null },
): TimelineData {
  const recs = [...records].sort((a, b) => a.seq - b.seq);
  const t0 = recs.reduce((m, r) => Math.min(m, r.sentMs), recs.length ? recs[0].sentMs : 0);
  const epochOrigin = recs.length ? recs[0].sentAtEpochMs - recs[0].sentMs : 0;
  const laneIndex = new Map<string, number>();
  const lanes: string[] = [];
  const data: TimelineData = {
    t0Epoch: epochOrigin + t0,
    durMs: 0,
    limit: opts.limit,
    windowMs: opts.windowMs,
    classes: STATUS_CLASSES,
    lanes,
    seq: [],
    t: [],
    lane: [],
    cls: [],
    status: [],
    lat: [],
    rem: [],
    remSeries: [],
    resets: [],
    bounds: [],
    bands: [],
  };
  const resetSet = new Set<number>();
  let end = 0;
  const round1 = (x: number): number => Math.round(x * 10) / 10;
  for (const r of recs) {
    const key = `${r.probe} · ${r.source ?? 'default'}`;
    let lane = laneIndex.get(key);
    if (lane === undefined) {
      lane = lanes.length;
      laneIndex.set(key, lane);
      lanes.push(key);
    }
    data.seq.push(r.seq);
    data.t.push(round1(r.sentMs - t0));
    data.lane.push(lane);
    data.cls.push(STATUS_CLASSES.indexOf(statusClass(r.status)));
    data.status.push(r.status ?? 0);
    data.lat.push(r.endMs === null ? -1 : round1(r.endMs - r.sentMs));
    data.rem.push(intHeader(r.headers.remaining) ?? -1);
    end = Math.max(end, endOf(r) - t0);
    const reset = intHeader(r.headers.reset);
    // Only epoch seconds can be placed on the time axis; other forms are the checks' business.
    if (reset !== null && reset > 1e9 && reset < 1e11) {
      resetSet.add(Math.round(reset * 1000 - (opts.clockOffsetMs ?? 0) - epochOrigin - t0));
    }
  }
  data.durMs = round1(end);
  const lo = -opts.windowMs;
  const hi = end + opts.windowMs;
  data.resets = [...resetSet]
    .filter((x) => x >= lo && x <= hi)
    .sort((a, b) => a - b)
    .slice(0, MAX_RESET_LINES);
  deriveSeries(recs, data, t0);
  return data;
}

/** Remaining series, restored-quota boundaries and 429 bands, all in response order (server order). */
function deriveSeries(recs: TraceRecord[], data: TimelineData, t0: number): void {
  const bySource = new Map<string, number[]>();
  recs.forEach((r, i) => {
    const k = r.source ?? 'default';
    const list = bySource.get(k) ?? [];
    list.push(i);
    bySource.set(k, list);
  });
  const byEnd = (a: number, b: number): number => endOf(recs[a]) - endOf(recs[b]) || a - b;
  const bounds: number[] = [];
  for (const [source, idx] of bySource) {
    idx.sort(byEnd);
    data.remSeries.push({ source, idx: idx.filter((i) => data.rem[i] >= 0) });
    let spent = false;
    let lastBound = Number.NEGATIVE_INFINITY;
    for (const i of idx) {
      const r = recs[i];
      if (r.status === null) continue;
      if (r.status === 429 || data.rem[i] === 0) {
        spent = true;
      } else if (spent && r.status < 500) {
        spent = false;
        const at = r.sentMs - t0;
        // Out-of-order responses in a burst must not read as a new window.
        if (at - lastBound > data.windowMs / 2) bounds.push(Math.round(at));
        lastBound = at;
      }
    }
  }
  data.bounds = bounds.sort((a, b) => a - b);

  const byLane = new Map<number, number[]>();
  recs.forEach((_, i) => {
    const list = byLane.get(data.lane[i]) ?? [];
    list.push(i);
    byLane.set(data.lane[i], list);
  });
  for (const [lane, idx] of byLane) {
    idx.sort(byEnd);
    let band: [number, number, number] | null = null;
    for (const i of idx) {
      const r = recs[i];
      if (r.status === 429) {
        const from = r.sentMs - t0;
        const to = endOf(r) - t0;
        // Consecutive 429s are one band unless a whole window passed between them unobserved.
        if (band && from - band[2] <= data.windowMs) band[2] = Math.max(band[2], to);
        else {
          band = [lane, Math.round(from), Math.round(to)];
          data.bands.push(band);
        }
      } else if (r.status !== null) {
        band = null;
      }
    }
  }
  for (const b of data.bands) b[2] = Math.max(Math.round(b[2]), b[1] + 1);
}
