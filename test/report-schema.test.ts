import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../src/checks/types';
import type { CoverageMatrix } from '../src/conform/types';
import { renderResultsJson } from '../src/report/results-json';
import { syntheticRecords, syntheticResults } from '../src/report/test-support/synthetic';
import type { ReportVerdict, RunEnvironment, RunResults } from '../src/report/types';

const schema = JSON.parse(readFileSync('schemas/results.schema.json', 'utf8')) as {
  required: string[];
  properties: Record<string, unknown>;
  $defs: Record<string, { properties: Record<string, unknown>; required: string[] }>;
};
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

// Compile-time lists of every key of the types: adding a field to a type without listing it here
// (or listing one the type lacks) is a type error, and the tests below tie these lists to the schema.
const RESULT_KEYS: Record<keyof RunResults, true> = {
  schemaVersion: true,
  pacerVersion: true,
  runId: true,
  startedAt: true,
  finishedAt: true,
  status: true,
  partial: true,
  target: true,
  targetKind: true,
  environment: true,
  policy: true,
  policyNote: true,
  verdicts: true,
  requiredChecks: true,
  warningChecks: true,
  summary: true,
  probes: true,
  latency: true,
  coverage: true,
  capacity: true,
  traceFile: true,
  error: true,
};
const VERDICT_KEYS: Record<keyof ReportVerdict, true> = {
  checkId: true,
  title: true,
  severity: true,
  outcome: true,
  rule: true,
  reason: true,
  evidence: true,
  repro: true,
  profile: true,
  operationId: true,
  family: true,
  probe: true,
};
const EVIDENCE_KEYS: Record<keyof Evidence, true> = {
  seq: true,
  message: true,
  expected: true,
  observed: true,
  header: true,
  operationId: true,
  instancePath: true,
  schemaPath: true,
  atMs: true,
  relativeToServerDateMs: true,
};
const ENV_KEYS: Record<keyof RunEnvironment, true> = {
  node: true,
  os: true,
  hostname: true,
  contractFile: true,
  contractHash: true,
  policyFile: true,
  clockOffsetMs: true,
  sourceAddresses: true,
};

const sorted = (o: object): string[] => Object.keys(o).sort();

describe('schemas/results.schema.json', () => {
  it('describes exactly the fields of RunResults, ReportVerdict, Evidence and RunEnvironment', () => {
    expect(sorted(schema.properties)).toEqual(sorted(RESULT_KEYS));
    expect(sorted(schema.$defs.verdict.properties)).toEqual(sorted(VERDICT_KEYS));
    expect(sorted(schema.$defs.evidence.properties)).toEqual(sorted(EVIDENCE_KEYS));
    expect(sorted(schema.$defs.environment.properties)).toEqual(sorted(ENV_KEYS));
  });

  it('validates results.json of a run (with coverage, capacity, error and policy note)', () => {
    const results = syntheticResults(syntheticRecords(500), {
      capacity: { stages: [{ offered: 100, achieved: 99.5 }], sustainableRps: 400 },
      error: { code: 'PACER_ERR_INTERRUPTED', message: 'Ctrl-C' },
      status: 'interrupted',
      partial: true,
    });
    // Every optional top-level field is present, so the whole schema is exercised.
    expect(sorted(results)).toEqual(sorted(RESULT_KEYS));
    const json = JSON.parse(renderResultsJson(results));
    expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('validates a minimal run: no records, no verdicts, no optional fields', () => {
    const results = syntheticResults([], { verdicts: [], coverage: undefined, policyNote: undefined });
    expect(validate(JSON.parse(renderResultsJson(results))), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('rejects results that break the contract', () => {
    const good = JSON.parse(renderResultsJson(syntheticResults(syntheticRecords(50))));
    const bad: Array<[string, (r: Record<string, unknown>) => void]> = [
      ['unknown status', (r) => (r.status = 'passed')],
      ['wrong schema version', (r) => (r.schemaVersion = '2.0')],
      ['unknown top-level field', (r) => (r.extra = 1)],
      ['verdict without family', (r) => delete (r.verdicts as Array<Record<string, unknown>>)[0].family],
      ['bad contract hash', (r) => ((r.environment as Record<string, unknown>).contractHash = 'xyz')],
      ['negative count', (r) => ((r.summary as Record<string, number>).requests = -1)],
    ];
    for (const [name, mutate] of bad) {
      const copy = structuredClone(good);
      mutate(copy);
      expect(validate(copy), name).toBe(false);
    }
  });

  it("accepts the conformance runner's coverage matrix as RunResults.coverage", () => {
    // Type-level: the conform engineer's CoverageMatrix must fit RunResults.coverage unchanged.
    const asCoverage = (m: CoverageMatrix): RunResults['coverage'] => m;
    const matrix: CoverageMatrix = {
      operations: [
        {
          operationId: 'getNetworkFee',
          method: 'GET',
          path: '/v1/fee',
          reached: true,
          statuses: { '200': 'observed' },
        },
      ],
    };
    const results = syntheticResults([], { coverage: asCoverage(matrix) });
    expect(validate(JSON.parse(renderResultsJson(results))), ajv.errorsText(validate.errors)).toBe(true);
  });
});
