import type { Histogram } from 'hdr-histogram-js';
import * as hdr from 'hdr-histogram-js';

export type { Histogram };

/** Values are recorded in microseconds; one hour is far beyond any timeout pacer uses. */
const HIGHEST_US = 3_600_000_000;

/** Latency distribution in ms, plus the encoded histogram so results from several runs can be merged. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  /** HdrHistogram compressed base64 (microseconds); `mergeHistograms` adds these. */
  histogram: string;
}

export function createLatencyHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
  });
}

/** Records a duration given in ms (sub-ms precision kept, negative clamped to 0). */
export function recordMs(hist: Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  hist.recordValue(Math.min(Math.max(us, 0), HIGHEST_US));
}

export function latencySummary(hist: Histogram): LatencySummary {
  const count = hist.totalCount;
  const at = (p: number): number => (count === 0 ? 0 : hist.getValueAtPercentile(p) / 1000);
  return {
    count,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
    max: count === 0 ? 0 : hist.maxValue / 1000,
    mean: count === 0 ? 0 : hist.mean / 1000,
    histogram: hdr.encodeIntoCompressedBase64(hist),
  };
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded);
  const hist = createLatencyHistogram();
  hist.add(decoded);
  return hist;
}

/** Adds encoded histograms (from stages, workers, runs) into one. */
export function mergeHistograms(encoded: readonly string[]): Histogram {
  const total = createLatencyHistogram();
  for (const e of encoded) total.add(hdr.decodeFromCompressedBase64(e));
  return total;
}
