import type { Verdict } from '../../checks/types';
import type { TraceRecord } from '../../trace/types';
import { buildRunResults } from '../build';
import { syntheticRecords, testPolicy } from '../test-support/synthetic';
import type { RunResults } from '../types';

/**
 * Test support: a run shaped like a real `pacer certify` against the embedded sandbox (ids, titles,
 * operation names and lanes taken from one): 19 rate-limit verdicts plus 10 conformance checks x
 * 58 operations, one failing operation, three warnings, three skips; records in lanes named like
 * the real probes (`reset-boundary · 127.0.0.138`, the longest).
 */
export const CERTIFY_OPERATIONS = [
  'getPartnerBalances',
  'getPartnerTransactionHistory',
  'createPartnerWallet',
  'getPartnerExchangeRate',
  'createPartnerExchangeLock',
  'createPartnerExchange',
  'getPartnerExchangeDetails',
  'getPartnerSepaDepositInfo',
  'getPartnerSepaDepositContacts',
  'createPartnerSepaTransfer',
  'getSepaTransferDetails',
  'getPartnerNetworkFee',
  'createPartnerCryptoWithdrawal',
  'getPartnerCryptoWithdrawalDetails',
  'getOrderRates',
  'createOrderLock',
  'createOrder',
  'getOrderDetails',
  'createPaymentLink',
  'createHostedCheckout',
  'getPaymentLinkDetails',
  'createUser',
  'createUserWithoutKyc',
  'addKycFile',
  'addPoaFile',
  'addUserVerification',
  'extendUser',
  'deleteUser',
  'updateUser',
  'suspendUser',
  'unsuspendUser',
  'getUserBalances',
  'getUserTransactionHistory',
  'createKycVerification',
  'getKycRedirect',
  'getKycStatus',
  'getUserExchangeRate',
  'createUserExchangeLock',
  'createUserExchange',
  'getUserExchangeDetails',
  'getUserSepaDepositInfo',
  'getUserSepaDepositContacts',
  'createSepaTransfer',
  'getNetworkFee',
  'createCryptoWithdrawal',
  'getCryptoWithdrawalDetails',
  'updateTravelRule',
  'createTransfer',
  'getTransferDetails',
  'createCard',
  'listUserCards',
  'getCardDetails',
  'deleteCard',
  'updateCardPin',
  'blockCard',
  'unblockCard',
  'getCardLimits',
  'updateCardLimits',
] as const;

const RL: Array<[string, string, Verdict['severity']]> = [
  ['RL-HEADERS-PRESENT', 'Rate-limit headers on every response', 'high'],
  ['RL-HEADERS-WELLFORMED', 'Rate-limit headers are well formed', 'medium'],
  ['RL-LIMIT-VALUE', 'X-RateLimit-Limit is the documented limit', 'medium'],
  ['RL-REMAINING-ACCOUNTING', 'X-RateLimit-Remaining counts down exactly', 'high'],
  ['RL-ADMISSION-EXACT', 'Exactly Limit requests admitted per window', 'critical'],
  ['RL-ADMISSION-ATOMIC', 'A concurrent burst admits at most Limit', 'critical'],
  ['RL-RESET-STABLE', 'X-RateLimit-Reset is stable within a window', 'medium'],
  ['RL-RESET-HONOURED', 'The quota comes back at Reset, not before', 'critical'],
  ['RL-429-SHAPE', '429 carries Retry-After and the documented body', 'high'],
  ['RL-RETRY-AFTER-SUFFICIENT', 'Waiting Retry-After is enough', 'high'],
  ['RL-RETRY-AFTER-TIGHT', 'Retry-After does not overshoot the reset', 'medium'],
  ['RL-NO-PENALTY', 'Requests while limited do not extend the limit', 'high'],
  ['RL-PER-IP-ISOLATION', 'Each source address has its own quota', 'critical'],
  ['RL-KEY-SCOPE', 'API keys from one address share its quota', 'high'],
  ['RL-AUTH-FAILURES-COUNTED', 'Failed authentications count against the quota', 'high'],
  ['RL-GLOBAL-SCOPE', 'All endpoints draw from one quota', 'high'],
  ['RL-SPOOF-RESISTANT', 'Forwarding headers do not reset the quota', 'critical'],
  ['RL-STEADY-UNDER-LIMIT', 'A client under the limit is never throttled', 'critical'],
  ['RL-NO-CACHE-429', '429 is not cacheable', 'low'],
];

const CT: Array<[string, string, Verdict['severity']]> = [
  ['CT-STATUS-DOCUMENTED', 'Response status is documented for the operation', 'high'],
  ['CT-CONTENT-TYPE', 'Response Content-Type is documented', 'medium'],
  ['CT-BODY-SCHEMA', 'Response body matches its documented schema', 'high'],
  ['CT-HEADERS', 'Documented response headers are present and valid', 'medium'],
  ['CT-ERROR-SHAPE', 'Error bodies follow the documented error shapes', 'medium'],
  ['CT-NEGATIVE-REJECTED', 'Invalid requests are rejected with a 4xx', 'high'],
  ['CT-POSITIVE-ACCEPTED', 'Valid requests are accepted', 'high'],
  ['CT-NO-5XX', 'No server errors', 'critical'],
  ['CT-AUTH', 'Missing and wrong API keys are refused with 401 xo1/xo2', 'critical'],
  ['CT-NO-429', 'The conformance run caused no 429', 'medium'],
];

export const FAILING = { checkId: 'CT-BODY-SCHEMA', operationId: 'createOrderLock' } as const;
const WARNED = ['createPartnerCryptoWithdrawal', 'createTransfer', 'updateCardLimits'];
const SKIPPED = ['getPartnerBalances', 'getPartnerSepaDepositContacts', 'getPartnerSepaDepositInfo'];

function ctVerdict(id: string, title: string, severity: Verdict['severity'], op: string): Verdict {
  const base = { checkId: id, title, severity, rule: `rule of ${id}`, operationId: op, evidence: [] };
  if (id === FAILING.checkId && op === FAILING.operationId) {
    return {
      ...base,
      outcome: 'fail',
      reason: `1 distinct problem(s) on 2 response(s): ${op} 200: /amount must be <= 1000000000 [maximum]`,
      evidence: [
        {
          seq: [140, 159],
          message: `${op} 200: /amount must be <= 1000000000 [maximum] (seen 2 times)`,
          operationId: op,
          instancePath: '/amount',
          schemaPath: '#/properties/amount/maximum',
          observed: '65327440728.571434',
        },
      ],
      repro: `curl -sS -i -X POST http://127.0.0.1:8080/v1/order/lock-rate -H "x-api-key: $PACER_API_KEY"`,
    };
  }
  if (id === 'CT-POSITIVE-ACCEPTED' && WARNED.includes(op))
    return { ...base, outcome: 'warn', reason: `valid synthesised request to ${op} answered 400` };
  if (id === 'CT-ERROR-SHAPE' && SKIPPED.includes(op))
    return { ...base, outcome: 'skip', reason: 'no 4xx error responses (other than 401/429) to judge' };
  return { ...base, outcome: 'pass', reason: '2 response(s) conform' };
}

export function certifyVerdicts(): Verdict[] {
  const rl = RL.map(
    ([checkId, title, severity]): Verdict => ({
      checkId,
      title,
      severity,
      rule: `rule of ${checkId}`,
      outcome: 'pass',
      reason: 'all responses conform',
      evidence: [],
    }),
  );
  const ct = CT.flatMap(([id, title, sev]) => CERTIFY_OPERATIONS.map((op) => ctVerdict(id, title, sev, op)));
  return [...rl, ...ct];
}

const LANES: Array<[string, string]> = [
  ...Array.from({ length: 12 }, (_, i): [string, string] => ['conform', `127.0.0.${101 + i}`]),
  ['exhaust', '127.0.0.120'],
  ['burst', '127.0.0.121'],
  ['hammer', '127.0.0.124'],
  ['mixed-endpoints', '127.0.0.129'],
  ['steady', '127.0.0.131'],
  ['preflight', '127.0.0.139'],
  ['reset-boundary', '127.0.0.138'],
];

/** `n` records spread over certify-like lanes and the 58 operations. */
export function certifyRecords(n: number): TraceRecord[] {
  return syntheticRecords(n).map((r, i) => {
    const [probe, source] = LANES[i % LANES.length];
    return { ...r, probe, source, operationId: CERTIFY_OPERATIONS[i % CERTIFY_OPERATIONS.length] };
  });
}

export function certifyResults(records: readonly TraceRecord[]): RunResults {
  return buildRunResults({
    pacerVersion: '0.1.0',
    runId: 'run-20261129-020134-09a7',
    startedAt: '2026-11-29T02:01:34.142Z',
    finishedAt: '2026-11-29T02:02:01.034Z',
    target: 'http://127.0.0.1:8080',
    targetKind: 'embedded-sandbox',
    environment: {
      node: 'v20.18.1',
      os: 'linux 6.1',
      contractFile: 'conformance/partner-api.yaml',
      contractHash: 'b'.repeat(64),
      policyFile: null,
      clockOffsetMs: 0,
      sourceAddresses: [...new Set(LANES.map(([, s]) => s))],
    },
    policy: testPolicy(),
    documented: { limit: 300, windowMs: 60_000 },
    verdicts: certifyVerdicts(),
    warningChecks: ['CT-POSITIVE-ACCEPTED'],
    records,
    coverage: {
      operations: CERTIFY_OPERATIONS.map((operationId) => ({
        operationId,
        method: 'get',
        path: `/v1/${operationId}`,
        reached: true,
        statuses: { '200': 'observed', '401': 'observed', '429': 'not-observed' },
      })),
    },
    traceFile: null,
  });
}
