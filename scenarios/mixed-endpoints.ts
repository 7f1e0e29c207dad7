/**
 * Mixed-endpoint conformance sweep, single VU (probe `mixed-endpoints`): from a fresh window, rotate
 * over the contract's cheap reads (inlined at build time) for limit + 5 requests. Every response is
 * judged by the per-response checks, and the first 429 must come at request limit + 1 whatever the
 * operation (RL-GLOBAL-SCOPE: one quota for the whole API).
 * Run from ONE egress IP (parallelism 1).
 */
import type { Options } from 'k6/options';
import { PROBE } from '../src/probes/names';
import { judge } from './lib/checks';
import { config } from './lib/config';
import { send } from './lib/send';
import { singleVuIds, singleVuOptions } from './lib/single-vu';
import { summaryHandler } from './lib/summary';

const IDS = singleVuIds('RL-GLOBAL-SCOPE');
const probe = PROBE.mixedEndpoints;

export const options: Options = singleVuOptions(probe, 2, IDS);

export default function mixedEndpoints(): void {
  const { limit } = config.policy;
  const ops = config.operations;
  let firstLimitedAt = 0;
  const opsSeen: string[] = [];
  for (let i = 0; i < limit + 5; i++) {
    const op = ops[i % ops.length];
    const x = send({ probe, operation: op });
    if (firstLimitedAt === 0 && x.status === config.policy.tooManyRequests.status) firstLimitedAt = i + 1;
    if (firstLimitedAt === 0 && opsSeen.indexOf(op.pathTemplate) < 0) opsSeen.push(op.pathTemplate);
  }
  judge(
    'RL-GLOBAL-SCOPE',
    firstLimitedAt === limit + 1,
    firstLimitedAt === 0
      ? `no 429 in ${limit + 5} requests over ${opsSeen.length} operations (per-endpoint buckets?)`
      : `first 429 at request ${firstLimitedAt}, expected ${limit + 1}`,
    { probe },
  );
}

export const handleSummary = summaryHandler('mixed-endpoints', IDS);
