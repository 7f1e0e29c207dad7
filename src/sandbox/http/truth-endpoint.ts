import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseDraft } from '../faults/types';
import type { SandboxTruth } from '../types';
import { firstValues } from './request-validation';
import { methodNotAllowed, TRUTH_PATH } from './responses';
import { JSON_TYPE, writeResponse } from './send';

/** `GET /__pacer/truth[?ip=]`: outside the contract, never counted, no rate-limit headers. */
export function serveTruth(
  req: IncomingMessage,
  res: ServerResponse,
  search: string,
  truth: (ip?: string) => SandboxTruth,
): void {
  // Node drops the body of a HEAD answer itself; Content-Length still gives its size.
  const draft: ResponseDraft =
    req.method === 'GET' || req.method === 'HEAD'
      ? {
          status: 200,
          body: truth(firstValues(search).ip),
          contentType: JSON_TYPE,
          headers: { 'Cache-Control': 'no-store' },
        }
      : {
          status: 405,
          body: methodNotAllowed(req.method ?? '', TRUTH_PATH, ['GET']),
          contentType: JSON_TYPE,
          headers: { Allow: 'GET' },
        };
  writeResponse(res, draft, Date.now(), undefined);
}
