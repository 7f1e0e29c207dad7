/**
 * docker-compose.yml against the Compose Specification JSON Schema (draft-07, excerpt kept in
 * test-data/compose/), and the k6-operator TestRun manifests against what the operator requires.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const schema = JSON.parse(readFileSync('test-data/compose/compose-spec.json', 'utf8')) as Record<
  string,
  unknown
>;
// The schema names its meta-schema by an https URL ajv does not register; validate it separately.
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
const validate = ajv.compile(schema);

const compose = (): Record<string, unknown> =>
  parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as Record<string, unknown>;

type Service = {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: unknown;
};
const services = (doc: Record<string, unknown>) => doc.services as Record<string, Service>;

const scenarioNames = readdirSync('scenarios')
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3));

describe('docker-compose.yml', () => {
  it('the schema excerpt is itself a valid draft-07 schema', () => {
    const { $schema: _ignored, ...body } = schema;
    expect(new Ajv({ strict: false }).validateSchema(body)).toBe(true);
  });

  it('validates against the Compose Specification schema', () => {
    const ok = validate(compose());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check does reject a broken file', () => {
    const doc = compose();
    const k6 = services(doc).k6 as { depends_on: Record<string, { condition: string }> };
    k6.depends_on.sandbox.condition = 'service_ready';
    expect(validate(doc)).toBe(false);
    const doc2 = compose();
    (services(doc2).pacer as Record<string, unknown>).comand = ['typo'];
    expect(validate(doc2)).toBe(false);
  });

  it('has the xk6 build at a pinned k6 version, the sandbox, a k6 run and a pacer analysis', () => {
    const s = services(compose());
    expect(Object.keys(s).sort()).toEqual(['bundle', 'k6', 'k6-build', 'pacer', 'sandbox']);
    expect(s['k6-build'].image).toMatch(/^grafana\/xk6:/);
    const build = (s['k6-build'].command ?? []).join(' ');
    expect(build).toMatch(
      /^build \$\{K6_VERSION:-v\d+\.\d+\.\d+\} --output \/xk6\/k6 --with github\.com\/\S+@/,
    );
    expect((s.sandbox.command ?? []).join(' ')).toMatch(
      /dist\/pacer\.js sandbox --host 0\.0\.0\.0 --port 8080/,
    );
    const k6 = (s.k6.command ?? []).join(' ');
    expect(k6).toMatch(
      /k6 run .*--out json=reports\/k6-\$\$PACER_SCENARIO\.json dist\/k6\/\$\$PACER_SCENARIO\.js/,
    );
    expect(s.k6.environment?.PACER_TARGET).toBe('http://sandbox:8080');
    const scenario = /\$\{PACER_SCENARIO:-([a-z-]+)\}/.exec(String(s.k6.environment?.PACER_SCENARIO))?.[1];
    expect(scenarioNames).toContain(scenario);
    const pacer = (s.pacer.command ?? []).join(' ');
    expect(pacer).toContain('dist/pacer.js k6 trace reports/k6-$$PACER_SCENARIO.json');
    expect(pacer).toContain('dist/pacer.js analyze reports/k6-$$PACER_SCENARIO.trace.ndjson');
  });
});

describe('k6-operator manifests', () => {
  const load = (file: string) =>
    parse(readFileSync(`deploy/k6-operator/${file}`, 'utf8')) as {
      apiVersion: string;
      kind: string;
      spec: {
        parallelism: number;
        script: { configMap: { name: string; file: string } };
        runner?: { env?: Array<{ name: string; value?: string; valueFrom?: unknown }> };
      };
    };

  it.each([
    ['conformance-testrun.yaml', 1],
    ['capacity-testrun.yaml', 4],
  ])('%s is a TestRun with script and parallelism %i', (file, parallelism) => {
    const m = load(file);
    expect(m.apiVersion).toBe('k6.io/v1alpha1');
    expect(m.kind).toBe('TestRun');
    expect(m.spec.parallelism).toBe(parallelism);
    expect(m.spec.script.configMap.name).toBe('pacer-k6-scenarios');
    expect(scenarioNames).toContain(m.spec.script.configMap.file.replace(/\.js$/, ''));
    const env = m.spec.runner?.env ?? [];
    expect(env.find((e) => e.name === 'PACER_TARGET')?.value).toMatch(/^https?:\/\//);
    const key = env.find((e) => e.name === 'PACER_API_KEY');
    expect(key?.value).toBeUndefined();
    expect(key?.valueFrom).toEqual({ secretKeyRef: { name: 'pacer-api-key', key: 'PACER_API_KEY' } });
  });
});
