import { CONFORM_PROBE } from '../checks/conformance/context';
import type { RequestSpec } from '../engine/types';
import type { ConformCase } from './types';

/** The engine request for a bound case: path filled in, query appended, body or raw text attached. */
export function toRequestSpec(c: ConformCase, source: string | null): RequestSpec {
  const path = c.pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(c.pathParams[name] ?? `pacer-${name}`),
  );
  const query = new URLSearchParams(c.query).toString();
  const spec: RequestSpec = {
    probe: CONFORM_PROBE,
    operationId: c.operationId,
    method: c.method,
    pathTemplate: c.pathTemplate,
    path: query ? `${path}?${query}` : path,
    keyLabel: c.keyLabel,
    source,
    keepBody: true,
    case: {
      id: c.id,
      expectation: c.expectation,
      kind: c.kind,
      ...(c.expectedStatus !== undefined ? { expectedStatus: c.expectedStatus } : {}),
    },
  };
  if (c.bodyText !== undefined) {
    spec.bodyText = c.bodyText;
    spec.contentType = c.contentType;
    // Recorded so the curl reproduction sends the same (deliberately wrong) content type.
    if (c.contentType) spec.headers = { 'content-type': c.contentType };
  } else if (c.body !== undefined) {
    spec.body = c.body;
    spec.contentType = c.contentType ?? 'application/json';
  }
  return spec;
}

/** `*` and `?` globs over operation ids (`--operations 'get*,createUser'`). */
export function globMatcher(patterns: readonly string[] | undefined): (id: string) => boolean {
  if (!patterns || patterns.length === 0) return () => true;
  const res = patterns
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean)
    .map(
      (p) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ),
    );
  return (id) => res.some((re) => re.test(id));
}
