import type { TraceRecord } from '../trace/types';

/** How the exchanges of a run ended, by class. */
export interface OutcomeCounts {
  total: number;
  /** 1xx-3xx. */
  ok: number;
  rateLimited: number;
  /** 4xx other than 429. */
  clientErrors: number;
  serverErrors: number;
  timeouts: number;
  /** Connection refused/reset and other failures before a status line (timeouts excluded). */
  networkErrors: number;
}

export function emptyOutcomes(): OutcomeCounts {
  return { total: 0, ok: 0, rateLimited: 0, clientErrors: 0, serverErrors: 0, timeouts: 0, networkErrors: 0 };
}

export function countOutcome(counts: OutcomeCounts, record: TraceRecord): void {
  counts.total += 1;
  const status = record.status;
  if (status === null) {
    if (record.error?.code === 'timeout') counts.timeouts += 1;
    else counts.networkErrors += 1;
  } else if (status === 429) counts.rateLimited += 1;
  else if (status >= 500) counts.serverErrors += 1;
  else if (status >= 400) counts.clientErrors += 1;
  else counts.ok += 1;
}
