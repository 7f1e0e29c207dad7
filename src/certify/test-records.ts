import type { TraceRecord } from '../trace/types';

/** Test support: a minimal record as an engine with clock origin `originEpochMs` would write it. */
export function engineRecord(
  seq: number,
  sentMs: number,
  originEpochMs: number,
  extra: Partial<TraceRecord> = {},
): TraceRecord {
  return {
    seq,
    probe: 'exhaust',
    source: '127.0.0.2',
    operationId: 'getPartnerBalances',
    method: 'GET',
    pathTemplate: '/v1/partner/balances',
    path: '/v1/partner/balances',
    keyLabel: 'primary',
    intendedMs: sentMs,
    sentMs,
    firstByteMs: sentMs + 3,
    endMs: sentMs + 5,
    sentAtEpochMs: originEpochMs + sentMs,
    status: 200,
    headers: {
      limit: '30',
      remaining: '29',
      reset: null,
      retryAfter: null,
      date: null,
      cacheControl: null,
      contentType: 'application/json',
    },
    bodySize: 10,
    ...extra,
  };
}
