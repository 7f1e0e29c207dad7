import { isIPv4 } from 'node:net';
import type { Stage } from '../engine/types';
import { usageError } from '../errors';

/** Share of the documented per-source limit the run may use (margin for clock skew and retries). */
const LIMIT_HEADROOM = 0.9;

/** `50,100,200` -> stepped constant-rate stages of `durationMs` each. */
export function parseStepStages(text: string, durationMs: number, option = '--stages'): Stage[] {
  const rates = text.split(',').map((t) => t.trim());
  if (rates.length === 0 || rates.some((t) => !/^\d+(\.\d+)?$/.test(t) || Number(t) <= 0)) {
    throw usageError(
      `expected positive rates separated by commas, e.g. 50,100,200: ${JSON.stringify(text)}`,
      option,
    );
  }
  return rates.map((t) => ({ rate: Number(t), durationMs }));
}

/**
 * `--ramp FROM:TO:STEPS` -> STEPS stepped stages evenly spaced from FROM to TO req/s. (Each capacity
 * stage must hold one rate to be measured, so a ramp is a staircase.)
 */
export function parseRamp(text: string, durationMs: number, option = '--ramp'): Stage[] {
  const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*:\s*(\d+)\s*$/.exec(text);
  if (!m) throw usageError(`expected FROM:TO:STEPS, e.g. 50:500:10: ${JSON.stringify(text)}`, option);
  const [from, to, steps] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (from <= 0 || to <= from || steps < 2) {
    throw usageError('ramp needs 0 < FROM < TO and at least 2 steps', option);
  }
  return Array.from({ length: steps }, (_, i) => ({
    rate: Math.round((from + ((to - from) * i) / (steps - 1)) * 100) / 100,
    durationMs,
  }));
}

/** `127.0.0.2-127.0.0.40` or `127.0.0.2,127.0.0.5` (mixable) -> the list of IPv4 addresses. */
export function parseSourceIps(text: string, option = '--source-ips'): string[] {
  const out: string[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [a, b] = part.split('-').map((p) => p.trim());
    if (!isIPv4(a) || (b !== undefined && !isIPv4(b))) {
      throw usageError(`not an IPv4 address or range: ${JSON.stringify(part)}`, option);
    }
    if (b === undefined) {
      out.push(a);
      continue;
    }
    const lo = ipToInt(a);
    const hi = ipToInt(b);
    if (hi < lo) throw usageError(`range runs backwards: ${JSON.stringify(part)}`, option);
    if (hi - lo > 65_535) throw usageError(`range too large (more than 65536 addresses): ${part}`, option);
    for (let v = lo; v <= hi; v++) out.push(intToIp(v));
  }
  if (out.length === 0) throw usageError('no source address given', option);
  return [...new Set(out)];
}

/**
 * How many source addresses keep every address under its own limit. With round-robin over the
 * addresses, each gets total/N requests; the busiest window holds at most the requests of a whole
 * window at the highest rate (or the whole run when it is shorter than a window).
 */
export function sourcesNeeded(stages: readonly Stage[], limit: number, windowMs: number): number {
  const totalMs = stages.reduce((s, st) => s + st.durationMs, 0);
  const total = stages.reduce((s, st) => s + (st.rate * st.durationMs) / 1000, 0);
  const maxRate = Math.max(...stages.map((s) => s.rate));
  const perWindow = totalMs <= windowMs ? total : Math.min(total, (maxRate * windowMs) / 1000);
  return Math.max(1, Math.ceil(perWindow / (limit * LIMIT_HEADROOM)));
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIp(v: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(v / 2 ** shift) % 256).join('.');
}
