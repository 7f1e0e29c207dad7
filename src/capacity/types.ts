import type { LatencySummary } from '../engine/histogram';
import type { OutcomeCounts } from '../engine/outcome';
import type { ScheduleStats } from '../engine/types';

/**
 * `pacer capacity` output: open-model stages at rising offered load, analysed for the knee, a
 * Universal Scalability Law fit, the SLO and the number of partners the target can serve. Plain
 * serialisable data (the reports engineer embeds it in results.json and renders it).
 */
export interface CapacityResult {
  kind: 'capacity';
  version: 1;
  target: string;
  /** ISO time the run started. */
  startedAt: string;
  /** Operation mix name and the operations it drew from. */
  mix: { name: string; operations: string[] };
  /** The per-source limit that shaped the run (policy) and how many source addresses were used. */
  policy: { limit: number; windowMs: number; perSourceRate: number };
  sources: { count: number; bypass: boolean };
  slo: Slo | null;
  stages: StageResult[];
  knee: KneeResult;
  usl: UslFit;
  /** Highest goodput (2xx/3xx per s) of a healthy stage: errors <= 1 % and its load applied (>= 95 % sent). */
  sustainableThroughput: number;
  /** Index into `stages` of that stage, or null when no stage was healthy. */
  sustainableStage: number | null;
  /** Highest stage meeting the SLO (null: no SLO given, or none met it). */
  highestStageMeetingSlo: { index: number; offeredRate: number; throughput: number } | null;
  /** sustainableThroughput / perSourceRate: how many partners at their full documented quota. */
  partnersSupported: number;
  /** Little's law L = X * W per stage against the measured mean concurrency. */
  littlesLaw: { consistent: boolean; maxDeviation: number; note: string };
  generator: GeneratorUsage;
  baseline?: CapacityComparison;
  /** Plain-language caveats (generator behind, cannot fit, no knee in range...). */
  notes: string[];
}

export interface Slo {
  percentile: 'p50' | 'p90' | 'p99' | 'p999';
  thresholdMs: number;
  /** As written, e.g. `p99<300ms`. */
  text: string;
}

/** What one stage measured, straight from the open-model run (input of the analysis). */
export interface StageMeasurement {
  offeredRate: number;
  durationMs: number;
  sources: number;
  schedule: ScheduleStats;
  outcomes: OutcomeCounts;
  /** From intended send time (includes queueing). */
  latency: LatencySummary;
  serviceTime: LatencySummary;
  concurrency: { mean: number; max: number };
  /** From the stage's first intended send to its last settled response, ms. */
  elapsedMs: number;
  /**
   * Responses (any status) per second, from the middle 80 % of completions: robust to the stragglers
   * at either end of a short stage; the service rate when the stage overloaded the target.
   */
  completionRate: number;
}

export interface StageResult {
  index: number;
  offeredRate: number;
  durationMs: number;
  sources: number;
  sent: number;
  /** Responses of any status per second. */
  throughput: number;
  /** 2xx/3xx responses per second: what the analysis uses. */
  goodput: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  /** Encoded HdrHistogram of latency (µs) for merging and re-analysis. */
  latencyHistogram: string;
  /** Failures that are not 429: 5xx, other 4xx, timeouts, network errors; fraction of sent. */
  errorRate: number;
  rateLimitedRate: number;
  /** The generator could not keep its schedule: over 5 % of sends late or dropped, or under 95 % of the rate sent. */
  generatorBehind: boolean;
  /** Share of the offered rate actually sent (achieved send rate / offered). */
  sendShare: number;
  late: number;
  dropped: number;
  latenessP99Ms: number;
  meetsSlo: boolean | null;
  /** Little's law: predicted in-flight (throughput x mean service time) vs measured mean in flight. */
  concurrency: { measured: number; predicted: number; max: number };
}

export type KneeResult =
  | {
      found: true;
      stageIndex: number;
      offeredRate: number;
      throughput: number;
      method: 'kneedle';
      note: string;
    }
  | { found: false; reason: string };

export type UslFit =
  | {
      ok: true;
      /** Contention (serial fraction). */
      sigma: number;
      /** Coherency (crosstalk). */
      kappa: number;
      /** Throughput per unit of load at load 1 (ideal slope). */
      lambda: number;
      /** Offered load (req/s) at which modelled throughput peaks; null when it only approaches an asymptote. */
      peakLoad: number | null;
      /** Modelled peak (or asymptotic) throughput, req/s; null when the model is unbounded (linear). */
      peakThroughput: number | null;
      r2: number;
      points: number;
      /** What load means here. */
      loadUnit: 'offered req/s';
    }
  | { ok: false; reason: string; points: number };

export interface GeneratorUsage {
  /** CPU the pacer process used during the stages, ms. */
  cpuUserMs: number;
  cpuSystemMs: number;
  wallMs: number;
  /** (user + system) / wall, in % of one core. */
  cpuPercent: number;
}

export interface CapacityComparison {
  file: string;
  items: ComparisonItem[];
  regressions: number;
}

export interface ComparisonItem {
  metric: string;
  baseline: number | null;
  current: number | null;
  /** (current - baseline) / baseline, in %; null when either side is missing. */
  changePct: number | null;
  regression: boolean;
}
