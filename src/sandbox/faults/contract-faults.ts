import type { Contract, JsonSchema } from '../../contract/types';
import { deleteAt, getAt, type Path, requiredPaths, setAt, stringOnlyPaths } from './schema-walk';
import type { FaultProfile, ResponseDraft } from './types';

const isSuccess = (d: ResponseDraft): boolean => d.status >= 200 && d.status < 300 && d.body !== undefined;

function responseSchema(contract: Contract, operationId: string, d: ResponseDraft): JsonSchema | undefined {
  const content = contract.responseFor(operationId, d.status)?.content ?? {};
  const media = content[d.contentType.split(';')[0].trim()] ?? content['application/json'];
  return media?.schema;
}

/** Amount-like fields first: that is where real APIs drift between string and number. */
const AMOUNT = /amount|balance|rate|fee|price|total/i;

function pickDrift(paths: Path[]): Path | undefined {
  return paths.find((p) => AMOUNT.test(String(p[p.length - 1]))) ?? paths[0];
}

// Every body is rewritten, not a sample: tests and the mutation matrix need a fault that shows up
// on the first request of any operation the contract types strictly.
export const CONTRACT_FAULTS: FaultProfile[] = [
  {
    name: 'schema-drift',
    description: '2xx bodies send a string-typed field (amounts first) as a number',
    kind: 'contract',
    create: () => ({
      operationResponse: (d, ctx) => {
        if (!isSuccess(d)) return;
        const path = pickDrift(
          stringOnlyPaths(responseSchema(ctx.contract, ctx.operation.operationId, d), d.body),
        );
        if (!path) return;
        const n = Number.parseFloat(String(getAt(d.body, path)));
        setAt(d.body, path, Number.isFinite(n) ? n : 0);
      },
    }),
  },
  {
    name: 'missing-required-field',
    description: '2xx bodies lack one field the contract marks required',
    kind: 'contract',
    create: () => ({
      operationResponse: (d, ctx) => {
        if (!isSuccess(d)) return;
        const path = requiredPaths(responseSchema(ctx.contract, ctx.operation.operationId, d), d.body)[0];
        if (path) deleteAt(d.body, path);
      },
    }),
  },
  {
    name: 'undocumented-status',
    description: 'successful answers use a status the operation does not document (202, 203 or 418)',
    kind: 'contract',
    create: () => ({
      operationResponse: (d, ctx) => {
        if (d.status < 200 || d.status >= 300) return;
        const status = [202, 203, 418].find((s) => !ctx.contract.responseFor(ctx.operation.operationId, s));
        if (status !== undefined) d.status = status;
      },
    }),
  },
  {
    name: 'wrong-content-type',
    description: 'JSON bodies of operation responses are labelled text/plain',
    kind: 'contract',
    create: () => ({
      operationResponse: (d) => {
        if (d.body !== undefined) d.contentType = 'text/plain; charset=utf-8';
      },
    }),
  },
  {
    name: 'server-error',
    description:
      'a seeded fraction (serverErrorRate, default 0.2) of requests get 500, with rate-limit headers',
    kind: 'contract',
    create: (setup) => ({ serverError: (random) => random() < setup.serverErrorRate }),
  },
];
