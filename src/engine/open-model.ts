import { usageError } from '../errors';
import type { TraceRecord } from '../trace/types';
import { createLatencyHistogram, type LatencySummary, latencySummary, recordMs } from './histogram';
import type { HttpEngine } from './http-engine';
import { countOutcome, emptyOutcomes, type OutcomeCounts } from './outcome';
import { type ArrivalPlan, arrivalOffsets, planDurationMs, plannedCount } from './schedule';
import type { RequestSpec, ScheduleStats, Stage } from './types';

export interface OpenModelOptions {
  engine: Pick<HttpEngine, 'send' | 'clock' | 'inFlight'>;
  stages: Stage[];
  /** Rate at time 0 (default: the first stage's rate, i.e. a constant first stage). */
  startRate?: number;
  /** Builds request i (0-based, in schedule order). */
  next: (i: number) => RequestSpec;
  /** Requests allowed in flight at once; a send due beyond it is dropped (default 1000). */
  maxInFlight?: number;
  /** A send later than this after its intended time counts as late, ms (default 10). */
  lateBudgetMs?: number;
  /** Stops scheduling: requests not yet sent count as dropped; those in flight finish or time out. */
  signal?: AbortSignal;
  /** Return every record in the result (default false: a trace sink is the usual consumer). */
  keepRecords?: boolean;
  /**
   * The last stretch before a send polled with setImmediate instead of a timer, ms (default 1.5):
   * timers have 1 ms granularity; polling costs CPU. 0 = timers only.
   */
  spinMs?: number;
}

/** Period of the in-flight sampler, ms (prime, so it does not lock onto round arrival rates). */
const CONCURRENCY_SAMPLE_MS = 7;

export interface ConcurrencyStats {
  /** Mean of requests in flight, sampled every 7 ms while the schedule ran. */
  mean: number;
  max: number;
}

export interface OpenModelResult {
  records?: TraceRecord[];
  stats: ScheduleStats;
  /** From the intended send time to the end of the response: includes any queueing (no coordinated omission). */
  latency: LatencySummary;
  /** From the actual send time to the end of the response. */
  serviceTime: LatencySummary;
  /** Send lateness (actual - intended). */
  lateness: LatencySummary;
  outcomes: OutcomeCounts;
  concurrency: ConcurrencyStats;
  /** Run-clock ms at the schedule's origin and when the last response settled. */
  startMs: number;
  endMs: number;
}

/** Sends due requests in batches of at most this many before letting responses be read. */
const MAX_BATCH = 64;

/**
 * Open workload model (k6 constant/ramping-arrival-rate): each request is sent at its intended
 * time whatever is still outstanding, so a slow target shows up as latency, not as fewer requests.
 */
export function runOpenModel(options: OpenModelOptions): Promise<OpenModelResult> {
  const plan: ArrivalPlan = { startRate: options.startRate, stages: options.stages };
  const scheduled = plannedCount(plan);
  const maxInFlight = options.maxInFlight ?? 1000;
  const lateBudgetMs = options.lateBudgetMs ?? 10;
  const spinMs = options.spinMs ?? 1.5;
  if (!Number.isFinite(maxInFlight) || maxInFlight < 1)
    throw usageError('maxInFlight must be >= 1', 'maxInFlight');
  if (!(lateBudgetMs >= 0)) throw usageError('lateBudgetMs must be >= 0', 'lateBudgetMs');
  const { engine, signal } = options;
  const clock = engine.clock;
  const offsets = arrivalOffsets(plan);
  const latency = createLatencyHistogram();
  const service = createLatencyHistogram();
  const lateness = createLatencyHistogram();
  const outcomes = emptyOutcomes();
  const records: TraceRecord[] | undefined = options.keepRecords ? [] : undefined;
  let index = 0;
  let sent = 0;
  let late = 0;
  let dropped = 0;
  let outstanding = 0;
  let lastSentMs = 0;
  let sampleSum = 0;
  let sampleCount = 0;
  let maxBusy = 0;
  let timer: NodeJS.Timeout | null = null;
  let finishedSending = false;
  let settle: () => void = () => {};

  const onSettled = (record: TraceRecord): void => {
    outstanding -= 1;
    countOutcome(outcomes, record);
    if (record.status !== null && record.endMs !== null) {
      recordMs(latency, record.endMs - record.intendedMs);
      recordMs(service, record.endMs - record.sentMs);
    }
    records?.push(record);
    if (outstanding === 0 && finishedSending) settle();
  };

  const startMs = clock.nowMs();

  /**
   * Concurrency is sampled on its own timer, out of phase with the arrivals: sampling at send
   * times would always look just before an arrival and under-count (deterministic arrivals see
   * no PASTA). This is what makes the Little's-law cross-check an independent measurement.
   */
  const sample = (): void => {
    const inFlight = engine.inFlight;
    sampleSum += inFlight;
    sampleCount += 1;
    if (inFlight > maxBusy) maxBusy = inFlight;
  };
  const sampler = setInterval(sample, CONCURRENCY_SAMPLE_MS);
  sampler.unref();

  return new Promise<OpenModelResult>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      if (timer) clearTimeout(timer);
      clearInterval(sampler);
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const sendingDone = (): void => {
      finishedSending = true;
      signal?.removeEventListener('abort', onAbort);
      clearInterval(sampler);
      settle = () => {
        const endMs = clock.nowMs();
        const durationMs = Math.max(planDurationMs(plan), lastSentMs - startMs);
        const lateSummary = latencySummary(lateness);
        resolve({
          ...(records ? { records } : {}),
          stats: {
            scheduled,
            sent,
            late,
            dropped,
            latenessP50Ms: lateSummary.p50,
            latenessP99Ms: lateSummary.p99,
            latenessMaxMs: lateSummary.max,
            achievedRate: durationMs > 0 ? (sent * 1000) / durationMs : 0,
            durationMs,
          },
          latency: latencySummary(latency),
          serviceTime: latencySummary(service),
          lateness: lateSummary,
          outcomes,
          concurrency: { mean: sampleCount > 0 ? sampleSum / sampleCount : 0, max: maxBusy },
          startMs,
          endMs,
        });
      };
      if (outstanding === 0) settle();
    };

    let due = offsets.next();
    const tick = (): void => {
      timer = null;
      if (failed) return;
      try {
        step();
      } catch (error) {
        // a bug in `next` or a bad spec: stop the run rather than leave it half-scheduled
        fail(error);
      }
    };
    const step = (): void => {
      if (signal?.aborted) {
        dropped += scheduled - index;
        index = scheduled;
        sendingDone();
        return;
      }
      let now = clock.nowMs();
      let batch = 0;
      while (!due.done && startMs + due.value <= now && batch < MAX_BATCH) {
        const intended = startMs + due.value;
        const i = index++;
        due = offsets.next();
        batch += 1;
        if (engine.inFlight >= maxInFlight) {
          dropped += 1;
          continue;
        }
        outstanding += 1;
        sent += 1;
        const spec = options.next(i);
        now = clock.nowMs();
        const lag = now - intended;
        recordMs(lateness, lag);
        if (lag > lateBudgetMs) late += 1;
        lastSentMs = now;
        engine.send(spec, intended).then(onSettled, fail);
        if (engine.inFlight > maxBusy) maxBusy = engine.inFlight;
        now = clock.nowMs();
      }
      if (due.done) {
        sendingDone();
        return;
      }
      const wait = startMs + due.value - clock.nowMs();
      if (wait > spinMs) timer = setTimeout(tick, wait - spinMs);
      else setImmediate(tick);
    };

    const onAbort = (): void => {
      if (timer) {
        clearTimeout(timer);
        timer = null;
        setImmediate(tick);
      }
    };
    signal?.addEventListener('abort', onAbort);
    tick();
  });
}
