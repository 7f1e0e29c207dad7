export type { RunClock } from './clock';
export { createRunClock } from './clock';
export type { ClosedModelOptions, ClosedModelResult, ClosedModelStats } from './closed-model';
export { runClosedModel } from './closed-model';
export type { Histogram, LatencySummary } from './histogram';
export {
  createLatencyHistogram,
  decodeHistogram,
  latencySummary,
  mergeHistograms,
  recordMs,
} from './histogram';
export type { HttpEngine, HttpEngineOptions } from './http-engine';
export { createHttpEngine } from './http-engine';
export type { ConcurrencyStats, OpenModelOptions, OpenModelResult } from './open-model';
export { runOpenModel } from './open-model';
export type { OutcomeCounts } from './outcome';
export { countOutcome, emptyOutcomes } from './outcome';
export type { ArrivalPlan } from './schedule';
export { arrivalOffsets, planDurationMs, plannedCount } from './schedule';
export type { EngineOptions, RequestSpec, ScheduleStats, Stage, TraceSink } from './types';
