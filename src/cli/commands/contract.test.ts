import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main';

const fixture = (name: string) => `test-data/contracts/${name}`;

/** Runs the CLI in-process, capturing what it writes. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    // main() reads process.exitCode set by the command; do not let it leak into the test runner.
    process.exitCode = undefined;
  }
}

/** `pacer contract lint` on a fixture contract with a fixture policy. */
const lintWithPolicy = (spec: string, policy: string) =>
  run('contract', 'lint', '--spec', fixture(spec), '--policy', fixture(policy));

afterEach(() => {
  process.exitCode = undefined;
});

describe('pacer contract lint', () => {
  it('exits 0 on a clean contract with a summary line', async () => {
    const r = await lintWithPolicy('good.yaml', 'good-policy.yaml');
    expect(r).toEqual({ code: 0, stdout: 'good.yaml: 6 operations, 0 errors, 0 warnings\n', stderr: '' });
  });

  it('exits 1 and prints file:line #pointer: message [rule] per problem', async () => {
    const r = await run('contract', 'lint', '--spec', fixture('bad-example.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      'test-data/contracts/bad-example.yaml:19 #/paths/~1v1~1things~1{id}/get/responses/200/content/application~1json/example: media example does not match its schema: /amount must be >= 0 [example-valid]',
      'bad-example.yaml: 1 operation, 1 error, 0 warnings',
      '',
    ]);
  });

  it('exits 1 for a bad policy and names the policy file', async () => {
    const r = await lintWithPolicy('good.yaml', 'policy-negative-limit.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'test-data/contracts/policy-negative-limit.yaml:2 #/limit: limit must be a positive integer, got -300 [policy-field]',
    );
  });

  it('prints warnings without failing', async () => {
    const r = await lintWithPolicy('good.yaml', 'policy-unknown-key.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('#/colour: warning: unknown field "colour" [policy-unknown-key]');
    expect(r.stdout).toContain('0 errors, 1 warning\n');
  });

  it('--json prints the report', async () => {
    const r = await run('contract', 'lint', '--spec', fixture('missing-429.yaml'), '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      operations: number;
      problems: Array<{ rule: string; line: number }>;
    };
    expect(report.operations).toBe(1);
    expect(report.problems).toMatchObject([{ rule: 'response-429', line: 12 }]);
  });

  it.each([
    ['no-such.yaml', 'pacer: test-data/contracts/no-such.yaml: file not found\n'],
    [
      'malformed.yaml',
      'pacer: test-data/contracts/malformed.yaml:10: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (opened at line 10, noticed at line 11)\n',
    ],
    [
      'openapi-30.yaml',
      'pacer: test-data/contracts/openapi-30.yaml:2 #/openapi: OpenAPI version 3.0.3 is not supported; pacer needs 3.1.x (convert it to 3.1: schemas must be JSON Schema 2020-12)\n',
    ],
  ])('exits 2 with one line for %s', async (name, line) => {
    const r = await run('contract', 'lint', '--spec', fixture(name));
    expect(r).toEqual({ code: 2, stdout: '', stderr: line });
  });

  it('adds the stack trace only with --verbose', async () => {
    const r = await run('--verbose', 'contract', 'lint', '--spec', fixture('openapi-30.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').length).toBeGreaterThan(3);
    expect(r.stderr).toMatch(/at /);
  });

  it('lints the bundled contract and policy by default', async () => {
    const r = await run('contract', 'lint');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^partner-api\.yaml: \d+ operations, 0 errors, \d+ warnings?\n$/m);
  });
});
