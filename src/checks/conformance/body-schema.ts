import { escapeToken } from '../../contract/pointer';
import type { Check } from '../types';
import { type ConformanceContext, isJsonMedia, mediaType, operationResponses } from './context';
import { clip, type Finding, verdictOf } from './findings';

/**
 * CT-BODY-SCHEMA: the response body validates against the schema documented for its status and
 * content type. Bodies that are not JSON where JSON is documented (HTML error pages, truncated
 * bodies) fail here with what arrived.
 */
export const bodySchema: Check<ConformanceContext> = {
  id: 'CT-BODY-SCHEMA',
  title: 'Response body matches its documented schema',
  severity: 'high',
  rule: 'OpenAPI 3.1 Media Type Object `schema` (JSON Schema 2020-12): the body validates against the schema of its status and content type.',
  run(records, ctx) {
    let judged = 0;
    const findings: Finding[] = [];
    for (const r of operationResponses(records, ctx)) {
      const opId = r.operationId ?? '';
      if (r.status === null || !ctx.contract.byId.has(opId)) continue;
      const response = ctx.contract.responseFor(opId, r.status);
      if (!response || Object.keys(response.content).length === 0) continue;
      const type = mediaType(r.headers.contentType);
      const documentedJson = Object.keys(response.content).some((t) => isJsonMedia(mediaType(t)));
      if (r.error) {
        judged++;
        findings.push({
          record: r,
          key: `incomplete:${r.status}`,
          instancePath: '',
          message: `${opId} ${r.status}: body incomplete (${r.error.code}: ${r.error.message})`,
          observed: clip(r.bodyText ?? ''),
        });
        continue;
      }
      if (r.body === undefined) {
        if (!documentedJson) continue;
        judged++;
        const empty = r.bodySize === 0;
        findings.push({
          record: r,
          key: `${empty ? 'empty' : 'not-json'}:${r.status}`,
          instancePath: '',
          message: empty
            ? `${opId} ${r.status}: empty body where a JSON body is documented`
            : `${opId} ${r.status}: body is not valid JSON (Content-Type ${type || 'absent'})`,
          expected: 'a JSON document',
          observed: empty ? '(empty)' : clip(r.bodyText ?? ''),
        });
        continue;
      }
      const contentType =
        type && response.content[type]
          ? type
          : (Object.keys(response.content).find((t) => isJsonMedia(mediaType(t))) ?? type);
      const issues = ctx.contract.validators.responseBody(opId, r.status, contentType, r.body);
      if (typeof issues === 'string') continue;
      judged++;
      for (const issue of issues) {
        const instancePath = pointerOf(issue.instancePath, issue.keyword, issue.message);
        findings.push({
          record: r,
          key: `${r.status}:${issue.schemaPath}:${instancePath}`,
          instancePath,
          schemaPath: issue.schemaPath,
          message: `${opId} ${r.status}: ${instancePath || '(root)'} ${issue.message} [${issue.keyword}]`,
          observed: clip(issue.value),
        });
      }
    }
    return verdictOf(this, ctx, judged, findings, 'no response bodies to validate');
  },
};

/** ajv reports a missing property at its parent; the evidence points at the property itself. */
function pointerOf(instancePath: string, keyword: string, message: string): string {
  if (keyword !== 'required') return instancePath;
  const missing = /'([^']+)'/.exec(message)?.[1];
  return missing === undefined ? instancePath : `${instancePath}/${escapeToken(missing)}`;
}
