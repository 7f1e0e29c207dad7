import type { IncomingHttpHeaders } from 'node:http';
import type { Contract, OperationSpec, ValidationIssue } from '../../contract/types';

export type Validated = { ok: true; body: unknown } | { ok: false; message: string };

function where(prefix: string, issue: ValidationIssue): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  return path ? `${prefix} ${path}` : prefix;
}

function describe(prefix: string, issues: ValidationIssue[]): string[] {
  return issues.map((i) => `${where(prefix, i)} ${i.message}`);
}

/** First value of each query parameter (what handlers receive). */
export function firstValues(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (search === '') return out;
  for (const [k, v] of new URLSearchParams(search)) if (!(k in out)) out[k] = v;
  return out;
}

function headerValues(op: OperationSpec, headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const p of op.parameters) {
    if (p.in !== 'header') continue;
    const v = headers[p.name.toLowerCase()];
    out[p.name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * Checks path, query and header parameters and the body against the operation, collecting every
 * failure, so the P403 message lists them all the way the API joins its validation errors.
 */
export function validateRequest(
  contract: Contract,
  op: OperationSpec,
  params: Record<string, string>,
  query: Record<string, string>,
  headers: IncomingHttpHeaders,
  rawBody: Buffer | undefined,
): Validated {
  const v = contract.validators;
  const failures: string[] = [];
  if (op.parameters.length > 0) {
    failures.push(...describe('path parameter', v.parameters(op.operationId, 'path', params)));
    failures.push(...describe('query parameter', v.parameters(op.operationId, 'query', query)));
    if (op.parameters.some((p) => p.in === 'header')) {
      failures.push(...describe('header', v.parameters(op.operationId, 'header', headerValues(op, headers))));
    }
  }
  let body: unknown;
  const rb = op.requestBody;
  if (rb) {
    const empty = rawBody === undefined || rawBody.length === 0;
    if (empty) {
      if (rb.required) failures.push('request body is required');
    } else {
      const media = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!/[/+]json$/.test(media)) {
        const accepted = Object.keys(rb.content).join(' or ');
        failures.push(`content type ${media || '(none)'} is not accepted (expected ${accepted})`);
      } else {
        try {
          body = JSON.parse(rawBody.toString('utf8'));
        } catch {
          failures.push('request body is not valid JSON');
        }
        if (body !== undefined)
          failures.push(...describe('body', v.requestBody(op.operationId, media, body)));
      }
    }
  }
  return failures.length > 0 ? { ok: false, message: failures.join('; ') } : { ok: true, body };
}
