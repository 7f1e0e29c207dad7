import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxTruth } from '../types';
import { firstValues } from './request-validation';
import { methodNotAllowed, TRUTH_PATH } from './responses';
import { httpDate, JSON_TYPE } from './send';

/** `GET /__pacer/truth[?ip=]`: outside the contract, never counted, no rate-limit headers. */
export function serveTruth(
  req: IncomingMessage,
  res: ServerResponse,
  search: string,
  truth: (ip?: string) => SandboxTruth,
): void {
  const date = httpDate(Date.now());
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const body = JSON.stringify(methodNotAllowed(req.method ?? '', TRUTH_PATH, ['GET']));
    res.writeHead(405, {
      Date: date,
      Allow: 'GET',
      'Content-Type': JSON_TYPE,
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  const body = JSON.stringify(truth(firstValues(search).ip));
  res.writeHead(200, {
    Date: date,
    'Content-Type': JSON_TYPE,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
