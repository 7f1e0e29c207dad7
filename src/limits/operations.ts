import { usageError } from '../errors';
import type { ProbeOperation } from '../probes/types';

/**
 * The cheap stateless reads the probes use against the Partner API profile (ids and paths as in
 * conformance/partner-api.yaml). getPartnerNetworkFee with a valid currency needs no prior state
 * and no body, so every probe request is the same cheap read.
 */
export const DEFAULT_OPERATION: ProbeOperation = {
  operationId: 'getPartnerNetworkFee',
  method: 'GET',
  pathTemplate: '/v1/partner/crypto-withdrawal/get-network-fee',
  path: '/v1/partner/crypto-withdrawal/get-network-fee?currency=usdt',
};

/** Reads for the mixed-endpoints probe: distinct paths of the same API, none needing state. */
export const MIXED_OPERATIONS: readonly ProbeOperation[] = [
  DEFAULT_OPERATION,
  {
    operationId: 'getPartnerBalances',
    method: 'GET',
    pathTemplate: '/v1/partner/balances',
    path: '/v1/partner/balances',
  },
  {
    operationId: 'getPartnerSepaDepositInfo',
    method: 'GET',
    pathTemplate: '/v1/partner/sepa-deposit/info',
    path: '/v1/partner/sepa-deposit/info',
  },
];

/**
 * `--operation "GET /path?query"` (optionally `operationId=GET /path`): the read every probe repeats.
 * The path template is the path without its query.
 */
export function parseOperation(text: string, option = '--operation'): ProbeOperation {
  const match = /^(?:([A-Za-z][\w.-]*)=)?\s*([A-Za-z]+)\s+(\/\S*)$/.exec(text.trim());
  if (!match)
    throw usageError(
      `${option}: expected "GET /path?query" or "operationId=GET /path", got ${JSON.stringify(text)}`,
      option,
    );
  const [, operationId, method, path] = match;
  return {
    operationId: operationId ?? null,
    method: method.toUpperCase(),
    pathTemplate: path.split('?')[0],
    path,
  };
}
