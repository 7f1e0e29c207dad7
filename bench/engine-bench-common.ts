import type { RequestSpec } from '../src/engine/types';

/** What each closed-model client of the side-by-side bench reports. */
export interface ClientResult {
  reqPerSec: number;
  total: number;
  errors: number;
  /** Client process CPU per request (NaN when not measured, e.g. wrk). */
  cpuUsPerReq: number;
}

export const BENCH_PATH = '/v1/balances';
/** Every tool sends the same request: the engine's credential header included. */
export const BENCH_KEY = 'bench-key';

export const BENCH_SPEC: RequestSpec = {
  probe: 'bench',
  operationId: 'getBalances',
  method: 'GET',
  pathTemplate: BENCH_PATH,
  path: BENCH_PATH,
  keyLabel: 'primary',
};
