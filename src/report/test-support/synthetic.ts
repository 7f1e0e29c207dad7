import type { Verdict } from '../../checks/types';
import { partnerPolicy } from '../../limits/policy-for';
import type { RateLimitPolicy } from '../../policy/types';
import type { TraceRecord } from '../../trace/types';
import { type BuildRunResultsInput, buildRunResults } from '../build';
import type { CheckFamily, RunResults } from '../types';

/** Test support: a policy, trace and results shaped like a real short-window run. */
export function testPolicy(limit = 20, windowMs = 2000): RateLimitPolicy {
  return {
    ...partnerPolicy(limit, windowMs, { retryAfter: 'lenient' }),
    provenance: { limit: '--limit', windowMs: '--window' },
  };
}

const PROBES = ['exhaust', 'burst', 'steady', 'conform', 'hammer'] as const;
const OPS = [
  ['getPartnerBalances', 'GET', '/v1/partner/balances'],
  ['createOrder', 'POST', '/v1/order'],
  ['getOrderDetails', 'GET', '/v1/order/details/{orderId}'],
] as const;

/**
 * `n` records from a simulated fixed-window limiter (one quota per source address), spread over
 * five probes on their own source addresses, with a few 4xx, 5xx and network errors mixed in.
 */
export function syntheticRecords(n: number, limit = 20, windowMs = 2000): TraceRecord[] {
  const epoch0 = Date.UTC(2026, 10, 29, 1, 0, 0);
  const used = new Map<string, { window: number; count: number }>();
  const out: TraceRecord[] = [];
  for (let seq = 0; seq < n; seq++) {
    const p = seq % PROBES.length;
    const probe = PROBES[p];
    const source = `127.0.0.${p + 2}`;
    // Burst and hammer send faster than the limit; steady stays under it.
    const spacing = probe === 'steady' ? (windowMs / limit) * 1.05 : probe === 'conform' ? 40 : 12;
    const sentMs = 5 + Math.floor(seq / PROBES.length) * spacing + p * 0.3;
    const epoch = epoch0 + sentMs;
    const window = Math.floor(epoch / windowMs);
    const u = used.get(source);
    const state = u && u.window === window ? u : { window, count: 0 };
    state.count++;
    used.set(source, state);
    const over = state.count > limit;
    const [operationId, method, pathTemplate] = OPS[seq % OPS.length];
    let status: number | null = over ? 429 : 200;
    if (!over && probe === 'conform' && seq % 7 === 0) status = 400;
    if (!over && seq % 97 === 0) status = 503;
    if (seq % 211 === 0) status = null;
    const lat = 2 + (seq % 13) * 0.7 + (status === 429 ? 0.2 : 1.5);
    const resetSec = Math.ceil(((window + 1) * windowMs) / 1000);
    out.push({
      seq,
      probe,
      source,
      operationId,
      method,
      pathTemplate,
      path: pathTemplate.replace('{orderId}', `o-${seq}`),
      keyLabel: 'primary',
      intendedMs: sentMs,
      sentMs,
      firstByteMs: status === null ? null : sentMs + lat - 0.3,
      endMs: status === null ? null : sentMs + lat,
      sentAtEpochMs: epoch,
      status,
      headers: {
        limit: status === null ? null : String(limit),
        remaining: status === null ? null : String(Math.max(0, limit - state.count)),
        reset: status === null ? null : String(resetSec),
        retryAfter: status === 429 ? String(Math.ceil(((window + 1) * windowMs - epoch) / 1000)) : null,
        date: status === null ? null : new Date(epoch).toUTCString(),
        cacheControl: null,
        contentType: status === null ? null : 'application/json',
      },
      bodySize: 64,
      ...(status === null ? { error: { code: 'ECONNRESET', message: 'socket hang up' } } : {}),
    });
  }
  return out;
}

export const HOSTILE = `</script><script>alert("x")</script> & 'quotes' "double" <!-- ]]> \u0001`;

type V = Verdict & { family?: CheckFamily };
const v = (checkId: string, outcome: Verdict['outcome'], extra: Partial<Verdict> = {}): V => ({
  checkId,
  title: `${checkId.toLowerCase()} holds`,
  severity: 'high',
  outcome,
  rule: `rule for ${checkId}`,
  evidence: [],
  ...extra,
});

/** A mix of outcomes across families, with hostile text where a target could inject it. */
export function syntheticVerdicts(): V[] {
  return [
    v('RL-HEADERS-PRESENT', 'pass', {
      evidence: [{ seq: [0, 1, 2], message: 'all responses carried the headers' }],
    }),
    v('RL-ADMISSION-EXACT', 'fail', {
      severity: 'critical',
      reason: 'request 21 of the window was admitted',
      evidence: [
        { seq: [20, 25], message: 'admitted over the limit', expected: '429', observed: '200', atMs: 2500 },
      ],
      repro: "curl -sS -H 'x-api-key: $PACER_API_KEY' http://127.0.0.1:8080/v1/partner/balances",
      profile: { algorithm: 'fixed-window' },
    }),
    v('RL-429-SHAPE', 'fail', {
      reason: `body was not JSON: ${HOSTILE}`,
      evidence: [{ seq: [30], message: HOSTILE, header: 'Retry-After', observed: HOSTILE }],
    }),
    v('RL-NO-CACHE-429', 'warn', { severity: 'low', reason: 'Cache-Control: max-age=60 on a 429' }),
    v('RL-PER-IP-ISOLATION', 'skip', { reason: 'only one source address available' }),
    v('CT-BODY-SCHEMA', 'fail', {
      operationId: 'createOrder',
      reason: 'response body does not match the schema',
      evidence: [
        {
          seq: [8],
          message: 'must be number',
          operationId: 'createOrder',
          instancePath: '/amount',
          schemaPath: '#/properties/amount/type',
          observed: '"12.5"',
        },
      ],
    }),
    v('CT-BODY-SCHEMA', 'pass', { operationId: 'getPartnerBalances' }),
    v('CT-STATUS-DOCUMENTED', 'pass', { operationId: 'getOrderDetails', severity: 'medium' }),
  ];
}

/** The run identity and environment every synthetic run shares (input to buildRunResults). */
export function syntheticRunInput(
  records: readonly TraceRecord[],
): Pick<
  BuildRunResultsInput,
  | 'pacerVersion'
  | 'runId'
  | 'startedAt'
  | 'finishedAt'
  | 'target'
  | 'targetKind'
  | 'environment'
  | 'policy'
  | 'records'
> {
  return {
    pacerVersion: '0.1.0',
    runId: 'run-20261129-010000-abcd',
    startedAt: '2026-11-29T01:00:00.000Z',
    finishedAt: '2026-11-29T01:01:05.250Z',
    target: 'http://127.0.0.1:8080',
    targetKind: 'embedded-sandbox',
    environment: {
      node: 'v20.18.1',
      os: 'linux 6.1',
      hostname: 'ci-runner',
      contractFile: 'conformance/partner-api.yaml',
      contractHash: 'a'.repeat(64),
      policyFile: 'conformance/ratelimit-policy.yaml',
      clockOffsetMs: 12,
      sourceAddresses: ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'],
    },
    policy: testPolicy(),
    records,
  };
}

export function syntheticResults(
  records: readonly TraceRecord[],
  overrides: Partial<RunResults> = {},
): RunResults {
  const results = buildRunResults({
    ...syntheticRunInput(records),
    documented: { limit: 300, windowMs: 60_000 },
    verdicts: syntheticVerdicts(),
    warningChecks: ['RL-NO-CACHE-429'],
    coverage: {
      operations: [
        {
          operationId: 'getPartnerBalances',
          method: 'get',
          path: '/v1/partner/balances',
          reached: true,
          statuses: { '200': 'observed', '401': 'observed', '429': 'not-observed' },
        },
        {
          operationId: 'createOrder',
          method: 'post',
          path: '/v1/order',
          reached: true,
          statuses: { '200': 'observed', '400': 'observed', '401': 'not-observed' },
        },
        {
          operationId: 'deleteWebhook',
          method: 'delete',
          path: '/v1/webhook/{id}',
          reached: false,
          reason: 'no webhook id could be created',
          statuses: { '204': 'not-observed', '404': 'not-observed' },
        },
      ],
    },
    traceFile: 'reports/run-20261129-010000-abcd/trace.ndjson',
  });
  return { ...results, ...overrides };
}
