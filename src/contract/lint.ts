import { DEFAULT_HEADERS } from '../policy/defaults';
import { parsePolicy } from '../policy/parse';
import { createCompiler } from './ajv';
import { lintExamples } from './lint-examples';
import { lintExtensions } from './lint-extensions';
import { lintRateLimitResponses } from './lint-ratelimit';
import { lintOperations, lintStructure } from './lint-structure';
import type { RawProblem } from './lint-types';
import { checkOpenApiVersion } from './load';
import { buildOperations } from './operations';
import { isRecord } from './pointer';
import { refLocation, resolveRefs } from './refs';
import type { SourceDocument } from './source';
import { readSource } from './source';
import { buildValidators } from './validators';

export interface LintProblem {
  severity: 'error' | 'warning';
  file: string;
  /** JSON pointer into `file` ('' = the whole document). */
  pointer: string;
  line?: number;
  message: string;
  rule: string;
}

export interface LintReport {
  file: string;
  policyFile?: string;
  operations: number;
  /** ajv validators compiled (proves every schema compiles). */
  validators: number;
  problems: LintProblem[];
}

/**
 * Lints a contract (and optionally its rate-limit policy). A missing file, malformed YAML or an
 * OpenAPI version other than 3.1.x throws a PacerError (the CLI exits 2); everything else is a problem.
 */
export async function lintContract(file: string, policyFile?: string): Promise<LintReport> {
  const source = await readSource(file);
  const policySource = policyFile === undefined ? undefined : await readSource(policyFile);
  return lintSources(source, policySource);
}

/** Pure part of lint: parsed sources in, report out. */
export function lintSources(source: SourceDocument, policySource?: SourceDocument): LintReport {
  checkOpenApiVersion(source);
  const problems: LintProblem[] = [];
  const emitFor =
    (doc: SourceDocument) =>
    (p: RawProblem): void => {
      const line = doc.lineOf(p.pointer);
      problems.push({
        severity: p.severity,
        file: doc.file,
        pointer: p.pointer,
        ...(line ? { line } : {}),
        message: p.message,
        rule: p.rule,
      });
    };
  const emit = emitFor(source);

  const { document: resolved, problems: refProblems } = resolveRefs(source.data);
  for (const r of refProblems)
    emit({ severity: 'error', rule: 'ref', pointer: refLocation(r), message: r.message });
  lintStructure(resolved, emit);

  const document = isRecord(resolved) ? resolved : {};
  const located = buildOperations(document);
  lintOperations(located, source.data, emit);
  lintExtensions(located, source.data, resolved, emit);
  const seenIds = new Set<string>();
  // Duplicate ids are reported above; the validator pass needs them unique, so keep the first.
  const unique = located.filter((l) => !seenIds.has(l.spec.operationId) && seenIds.add(l.spec.operationId));
  // One pair of compilers for validators and examples: a schema compiled for one is reused by the other.
  const compilers = { plain: createCompiler({ coerce: false }), coercing: createCompiler({ coerce: true }) };
  const built = buildValidators(
    unique,
    document,
    (pointer, message) => emit({ severity: 'error', rule: 'schema-compile', pointer, message }),
    (pointer, message) => emit({ severity: 'warning', rule: 'schema-warning', pointer, message }),
    compilers,
  );
  lintExamples(source.data, resolved, compilers, emit);

  let policy: { headers: typeof DEFAULT_HEADERS; bodySchema?: Record<string, unknown> } = {
    headers: DEFAULT_HEADERS,
  };
  if (policySource) {
    const parsed = parsePolicy(policySource);
    for (const p of parsed.problems) {
      problems.push({
        severity: p.severity,
        file: policySource.file,
        pointer: p.pointer,
        ...(p.line ? { line: p.line } : {}),
        message: p.message,
        rule: p.rule,
      });
    }
    if (parsed.policy)
      policy = { headers: parsed.policy.headers, bodySchema: parsed.policy.tooManyRequests.bodySchema };
  }
  lintRateLimitResponses(located, source.data, policy, compilers.plain, emit);

  return {
    file: source.file,
    ...(policySource ? { policyFile: policySource.file } : {}),
    operations: located.length,
    validators: built.compiled,
    problems: dedupe(problems).sort(byPlace),
  };
}

function dedupe(problems: LintProblem[]): LintProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}\0${p.pointer}\0${p.rule}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byPlace(a: LintProblem, b: LintProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0);
}
