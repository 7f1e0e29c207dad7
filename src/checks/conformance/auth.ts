import type { AuthAnswer, AuthConvention } from '../../contract/extensions';
import { AUTH } from '../../contract/extensions';
import { type ConformanceCheck, finalRecordPerCase, recordsFor } from './context';
import { clip, contractProblemVerdict, type Finding, verdictOf } from './findings';

/** Case kind -> the part of x-pacer-auth that states its answer. */
const SIDE: Record<string, 'missing' | 'wrong'> = { 'auth-missing': 'missing', 'auth-wrong': 'wrong' };

/** CT-AUTH: requests without a key or with a wrong key get the answer the contract's x-pacer-auth declares. */
export const authEnforced: ConformanceCheck = {
  id: 'CT-AUTH',
  title: 'Missing and wrong API keys are refused as the contract declares',
  severity: 'critical',
  rule: 'x-pacer-auth: a request without an API key and one with a wrong key get the declared status and body marker (401 and no marker when the contract declares none).',
  describe: ({ auth }) => ({ title: describeTitle(auth), rule: describeRule(auth) }),
  run(records, ctx) {
    const { auth } = ctx.conventions;
    const cases = finalRecordPerCase(recordsFor(records, ctx)).filter(
      (r) => r.case && Object.hasOwn(SIDE, r.case.kind) && r.status !== 429,
    );
    if (cases.length > 0) {
      const broken = contractProblemVerdict(this, ctx, AUTH);
      if (broken) return broken;
    }
    const findings: Finding[] = [];
    for (const r of cases) {
      const kind = r.case!.kind;
      const answer = auth[SIDE[kind]];
      const marker = answer.bodyContains;
      const text = r.body !== undefined ? JSON.stringify(r.body) : (r.bodyText ?? '');
      const statusOk = r.status === answer.status;
      if (statusOk && (marker === undefined || text.includes(marker))) continue;
      findings.push({
        record: r,
        key: `${kind}:${r.status}`,
        instancePath: statusOk ? '' : undefined,
        message: statusOk
          ? `${r.operationId}: ${kind} answered ${r.status} without "${marker}" in the body`
          : `${r.operationId}: ${kind} answered ${r.status ?? 'nothing'}, expected ${expectation(answer)}`,
        expected: expectation(answer),
        observed: `${r.status ?? r.error?.code ?? 'no response'} ${clip(r.body ?? r.bodyText ?? '')}`,
      });
    }
    return verdictOf(this, ctx, cases.length, findings, 'operation needs no API key (no auth cases)');
  },
};

function expectation(answer: AuthAnswer): string {
  return answer.bodyContains === undefined
    ? String(answer.status)
    : `${answer.status} with "${answer.bodyContains}" in the body`;
}

function describeTitle({ missing, wrong }: AuthConvention): string {
  const head = 'Missing and wrong API keys are refused';
  if (
    missing.status !== wrong.status ||
    (missing.bodyContains === undefined) !== (wrong.bodyContains === undefined)
  )
    return `${head} (missing: ${expectation(missing)}; wrong: ${expectation(wrong)})`;
  const markers = missing.bodyContains === undefined ? '' : ` ${missing.bodyContains}/${wrong.bodyContains}`;
  return `${head} with ${missing.status}${markers}`;
}

function describeRule(auth: AuthConvention): string {
  const says = `a request without an API key is answered ${expectation(auth.missing)}, one with a wrong key ${expectation(auth.wrong)}`;
  return auth.declared
    ? `Contract x-pacer-auth: ${says}.`
    : `The contract declares no x-pacer-auth, so only the status is judged: ${says}.`;
}
