import { findKnee } from './knee';
import type {
  CapacityResult,
  GeneratorUsage,
  KneeResult,
  Slo,
  StageMeasurement,
  StageResult,
  UslFit,
} from './types';
import { fitUsl } from './usl';

export interface AnalyzeInput {
  target: string;
  startedAt: string;
  mix: { name: string; operations: string[] };
  policy: { limit: number; windowMs: number };
  sources: { count: number; bypass: boolean };
  slo: Slo | null;
  stages: readonly StageMeasurement[];
  generator: GeneratorUsage;
}

/** Above this fraction of failed (non-429) requests a stage is not healthy. */
const MAX_ERROR_RATE = 0.01;
/** Above this fraction of late or dropped sends the generator struggled: flagged. */
const MAX_BEHIND = 0.05;
/** Below this share of the offered rate actually sent, the stage did not apply its load: left out of fits. */
const MIN_SEND_SHARE = 0.95;
/** Little's law: predicted and measured concurrency agree within 25 % (or 1 request when tiny). */
const LITTLE_TOLERANCE = 0.25;

/**
 * Pure analysis of measured stages into a CapacityResult. Stages that did not apply their load
 * (the generator sent under 95 % of the rate) are reported but left out of the knee, the fit and
 * the sustainable throughput; a stage with late sends is flagged but kept, since late sends still
 * reached the target.
 */
export function analyzeCapacity(input: AnalyzeInput): CapacityResult {
  const stages = input.stages.map((m, index) => stageResult(m, index, input.slo));
  const notes: string[] = [];
  const perSourceRate = input.policy.limit / (input.policy.windowMs / 1000);

  const behind = stages.filter((s) => s.generatorBehind);
  if (behind.length > 0) {
    notes.push(
      `generator behind at ${behind.map((s) => `${s.offeredRate} req/s`).join(', ')}: more than ${MAX_BEHIND * 100} % of sends late or dropped; latency there includes pacer's own delay`,
    );
  }
  const short = stages.filter((s) => s.sendShare < MIN_SEND_SHARE);
  if (short.length > 0) {
    notes.push(
      `load not applied at ${short.map((s) => `${s.offeredRate} req/s`).join(', ')} (under ${MIN_SEND_SHARE * 100} % of the rate sent): left out of the knee and USL fit`,
    );
  }
  const usable = stages.filter((s) => s.sendShare >= MIN_SEND_SHARE);
  const usl: UslFit = fitUsl(usable.map((s) => ({ n: s.offeredRate, x: s.goodput })));
  if (!usl.ok) notes.push(`USL: ${usl.reason}`);
  else if (usl.r2 < 0.8) notes.push(`USL fit is poor (R² ${usl.r2.toFixed(2)}): read sigma/kappa with care`);

  const sorted = [...usable].sort((a, b) => a.offeredRate - b.offeredRate);
  const kneeRaw = findKnee(sorted.map((s) => ({ offered: s.offeredRate, throughput: s.goodput })));
  // findKnee indexes the sorted usable list; report the index into `stages`
  const knee: KneeResult = kneeRaw.found
    ? { ...kneeRaw, stageIndex: sorted[kneeRaw.stageIndex].index }
    : kneeRaw;
  if (!knee.found) notes.push(`knee: ${knee.reason}`);

  let sustainable: StageResult | null = null;
  for (const s of stages) {
    if (s.sendShare < MIN_SEND_SHARE || s.errorRate > MAX_ERROR_RATE) continue;
    if (!sustainable || s.goodput > sustainable.goodput) sustainable = s;
  }
  if (!sustainable)
    notes.push('no healthy stage: every stage had errors above 1 % or a generator behind schedule');
  const sustainableThroughput = sustainable?.goodput ?? 0;

  let sloStage: StageResult | null = null;
  if (input.slo) {
    for (const s of stages)
      if (s.meetsSlo && (!sloStage || s.offeredRate > sloStage.offeredRate)) sloStage = s;
    if (!sloStage) notes.push(`no stage met the SLO ${input.slo.text}`);
  }

  return {
    kind: 'capacity',
    version: 1,
    target: input.target,
    startedAt: input.startedAt,
    mix: input.mix,
    policy: { limit: input.policy.limit, windowMs: input.policy.windowMs, perSourceRate },
    sources: input.sources,
    slo: input.slo,
    stages,
    knee,
    usl,
    sustainableThroughput,
    sustainableStage: sustainable?.index ?? null,
    highestStageMeetingSlo: sloStage
      ? { index: sloStage.index, offeredRate: sloStage.offeredRate, throughput: sloStage.goodput }
      : null,
    partnersSupported: perSourceRate > 0 ? Math.floor(sustainableThroughput / perSourceRate) : 0,
    littlesLaw: littlesLaw(stages),
    generator: input.generator,
    notes,
  };
}

function stageResult(m: StageMeasurement, index: number, slo: Slo | null): StageResult {
  const o = m.outcomes;
  const responses = o.total - o.timeouts - o.networkErrors;
  // completions bunched after a stall can make the middle-80 % rate overshoot; a stage can never
  // complete faster than it sent, so the send rate caps it
  const throughput = Math.min(m.completionRate, m.schedule.achievedRate);
  const goodput = responses > 0 ? (throughput * o.ok) / responses : 0;
  const sent = m.schedule.sent;
  const failed = o.serverErrors + o.clientErrors + o.timeouts + o.networkErrors;
  const errorRate = sent > 0 ? failed / sent : 0;
  const behind = m.schedule.scheduled > 0 ? (m.schedule.late + m.schedule.dropped) / m.schedule.scheduled : 0;
  const sendShare = m.offeredRate > 0 ? m.schedule.achievedRate / m.offeredRate : 1;
  const l = m.latency;
  const latencyMs = { p50: l.p50, p90: l.p90, p99: l.p99, p999: l.p999, max: l.max, mean: l.mean };
  return {
    index,
    offeredRate: m.offeredRate,
    durationMs: m.durationMs,
    sources: m.sources,
    sent,
    throughput,
    goodput,
    latencyMs,
    latencyHistogram: l.histogram,
    errorRate,
    rateLimitedRate: sent > 0 ? o.rateLimited / sent : 0,
    generatorBehind: behind > MAX_BEHIND || sendShare < MIN_SEND_SHARE,
    sendShare,
    late: m.schedule.late,
    dropped: m.schedule.dropped,
    latenessP99Ms: m.schedule.latenessP99Ms,
    meetsSlo: slo ? latencyMs[slo.percentile] <= slo.thresholdMs && errorRate <= MAX_ERROR_RATE : null,
    concurrency: {
      measured: m.concurrency.mean,
      // arrivals during the schedule x mean time in flight
      predicted: m.schedule.achievedRate * (m.serviceTime.mean / 1000),
      max: m.concurrency.max,
    },
  };
}

/**
 * Little's law holds for a stable system: it is judged on the stages that kept up (goodput within
 * 10 % of the offered load); an overloaded stage only grows its queue and is reported, not judged.
 */
function littlesLaw(stages: readonly StageResult[]): CapacityResult['littlesLaw'] {
  const stable = stages.filter((s) => s.sendShare >= MIN_SEND_SHARE && s.goodput >= 0.9 * s.offeredRate);
  if (stable.length === 0) return { consistent: false, maxDeviation: 0, note: 'no stable stage to check' };
  let maxDeviation = 0;
  for (const s of stable) {
    const { measured, predicted } = s.concurrency;
    const dev =
      Math.abs(measured - predicted) <= 1 ? 0 : Math.abs(measured - predicted) / Math.max(predicted, 1e-9);
    maxDeviation = Math.max(maxDeviation, dev);
  }
  const consistent = maxDeviation <= LITTLE_TOLERANCE;
  return {
    consistent,
    maxDeviation,
    note: consistent
      ? `L = λW matches the measured concurrency within ${(LITTLE_TOLERANCE * 100).toFixed(0)} % on ${stable.length} stable stage(s)`
      : `L = λW deviates from the measured concurrency by up to ${(maxDeviation * 100).toFixed(0)} %: the measurement may be unreliable (clock or generator trouble)`,
  };
}
