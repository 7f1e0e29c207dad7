import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { PacerError } from '../errors';
import { readConventions } from './extensions-conventions';
import { createMatcher } from './matcher';
import { buildOperations } from './operations';
import { isRecord } from './pointer';
import { refLocation, resolveRefs } from './refs';
import { pickResponse } from './responses';
import type { SourceDocument } from './source';
import { parseSource, readBytes, readBytesSync } from './source';
import type { Contract, OperationSpec } from './types';
import { buildValidators } from './validators';

// Compiling the bundled contract costs about a second; a process (a test worker, the sandbox
// beside the runner) that loads the same unchanged file again gets the same immutable Contract.
const cache = new Map<string, { hash: string; contract: Contract }>();

/** Reads, resolves and compiles an OpenAPI 3.1 contract. Every validator is compiled here, once. */
export async function loadContract(file: string): Promise<Contract> {
  return fromBytes(file, await readBytes(file));
}

export function loadContractSync(file: string): Contract {
  return fromBytes(file, readBytesSync(file));
}

function fromBytes(file: string, bytes: Buffer): Contract {
  const key = resolve(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const hit = cache.get(key);
  if (hit && hit.hash === hash && hit.contract.file === file) return hit.contract;
  const contract = compileContract(parseSource(file, bytes));
  cache.set(key, { hash, contract });
  return contract;
}

/** Checks `openapi` is 3.1.x; anything else is a load error naming the field's line. */
export function checkOpenApiVersion(source: SourceDocument): Record<string, unknown> {
  const { file, data } = source;
  if (!isRecord(data)) {
    throw new PacerError(
      'PACER_ERR_CONTRACT_INVALID',
      'not an OpenAPI document (top level is not a mapping)',
      {
        file,
        line: source.lineOf(''),
      },
    );
  }
  const version = data.openapi ?? data.swagger;
  const at = data.openapi !== undefined ? '/openapi' : data.swagger !== undefined ? '/swagger' : '';
  const where = { file, pointer: at || '/', line: source.lineOf(at) };
  if (version === undefined) {
    throw new PacerError('PACER_ERR_CONTRACT_INVALID', 'not an OpenAPI document (no "openapi" field)', where);
  }
  const text = String(version);
  if (!/^3\.1\.\d+$/.test(text)) {
    const hint =
      /^3\.0/.test(text) || /^2/.test(text)
        ? ' (convert it to 3.1: schemas must be JSON Schema 2020-12)'
        : '';
    throw new PacerError(
      'PACER_ERR_CONTRACT_INVALID',
      `OpenAPI version ${text} is not supported; pacer needs 3.1.x${hint}`,
      where,
    );
  }
  return data;
}

export function compileContract(source: SourceDocument): Contract {
  const { file } = source;
  checkOpenApiVersion(source);
  const { document: resolved, problems } = resolveRefs(source.data);
  if (problems.length > 0) {
    const first = problems[0];
    const more =
      problems.length > 1
        ? ` (and ${problems.length - 1} more $ref problem(s); run pacer contract lint)`
        : '';
    throw new PacerError('PACER_ERR_CONTRACT_INVALID', `${first.message}${more}`, {
      file,
      pointer: refLocation(first),
      line: source.lineOf(refLocation(first)),
    });
  }
  const document = resolved as Record<string, unknown>;
  const located = buildOperations(document);
  const byId = new Map<string, OperationSpec>();
  for (const { spec, pointer } of located) {
    if (byId.has(spec.operationId)) {
      throw new PacerError('PACER_ERR_CONTRACT_INVALID', `duplicate operationId "${spec.operationId}"`, {
        file,
        pointer: `${pointer}/operationId`,
        line: source.lineOf(`${pointer}/operationId`),
      });
    }
    byId.set(spec.operationId, spec);
  }
  const { validators } = buildValidators(located, document, (pointer, message) => {
    throw new PacerError('PACER_ERR_CONTRACT_INVALID', message, {
      file,
      pointer,
      line: source.lineOf(pointer),
    });
  });
  const operations = located.map((l) => l.spec);
  const info = isRecord(document.info) ? document.info : {};
  const match = createMatcher(operations, serverBasePaths(document.servers));
  return {
    file,
    hash: source.hash,
    title: typeof info.title === 'string' ? info.title : '',
    version: typeof info.version === 'string' ? info.version : String(info.version ?? ''),
    document,
    conventions: readConventions(document),
    operations,
    byId,
    match,
    responseFor(operationId, status) {
      const op = byId.get(operationId);
      return op ? pickResponse(op, status) : undefined;
    },
    validators,
  };
}

/** Path prefixes of the `servers` URLs (`https://h/v1` -> `/v1`); variables are left out. */
function serverBasePaths(servers: unknown): string[] {
  if (!Array.isArray(servers)) return [];
  const out = new Set<string>();
  for (const server of servers) {
    if (!isRecord(server) || typeof server.url !== 'string' || server.url.includes('{')) continue;
    try {
      const path = new URL(server.url, 'http://placeholder').pathname.replace(/\/+$/, '');
      if (path) out.add(path);
    } catch {
      // An unparsable server URL gives no prefix; lint reports URLs separately.
    }
  }
  return [...out];
}
