import { PROBE } from '../../probes/names';
import type { TraceRecord } from '../../trace/types';
import { curlFor } from '../repro';
import type { RateLimitContext } from './context';

const PROBES = new Set<string>(Object.values(PROBE));

/** The probe that produced `r` when it is one (it recreates the sequence), else a curl line for `r`. */
export function reproFor(r: TraceRecord, ctx: RateLimitContext): string {
  if (PROBES.has(r.probe)) return `pacer limits --target ${ctx.target ?? '<url>'} --probes ${r.probe}`;
  return curlFor(r, ctx.target).command;
}
