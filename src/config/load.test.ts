import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { packageRoot } from '../policy/paths';
import { fieldName, loadConfig } from './load';

const dir = mkdtempSync(join(tmpdir(), 'pacer-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(text: string): string {
  const f = join(dir, `c${++n}.yaml`);
  writeFileSync(f, text);
  return f;
}

async function failure(text: string): Promise<PacerError> {
  const f = file(text);
  const err = await loadConfig(f).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof PacerError)) throw new Error(`expected a PacerError for:\n${text}`);
  expect(err.exitCode).toBe(2);
  expect(err.context.file).toBe(f);
  return err;
}

describe('loadConfig', () => {
  it('accepts the example config shipped with pacer', async () => {
    const loaded = await loadConfig(join(packageRoot(), 'pacer.config.example.yaml'));
    expect(loaded.config.apiKeyEnv).toBe('PACER_API_KEY');
    expect(loaded.config.policy?.window).toBe('60s');
    expect(loaded.config.checks?.warnings).toEqual(['RL-NO-CACHE-429']);
    expect(loaded.lineOf('/policy/limit')).toBeGreaterThan(1);
  });

  it('accepts an empty file (every setting has a default)', async () => {
    expect((await loadConfig(file(''))).config).toEqual({});
  });

  it('rejects an unknown top-level key with its line and the allowed keys', async () => {
    const err = await failure('target: http://localhost:1\npolcy:\n  limit: 3\n');
    expect(err.code).toBe('PACER_ERR_CONFIG_INVALID');
    expect(err.context.line).toBe(2);
    expect(err.context.option).toBe('polcy');
    expect(err.message).toMatch(/unknown field "polcy".*allowed: .*policy/);
  });

  it('rejects an unknown nested key at its own line', async () => {
    const err = await failure('policy:\n  limit: 3\n  windw: 3s\n');
    expect(err.context.line).toBe(3);
    expect(err.context.option).toBe('policy.windw');
    expect(err.message).toContain('in policy');
  });

  it('names a bad duration, its line and the value', async () => {
    const err = await failure('limits:\n  timeout: 10\n');
    expect(err.context.line).toBe(2);
    expect(err.context.option).toBe('limits.timeout');
    expect(err.message).toMatch(/duration with a unit.*got 10/);
  });

  it('names an enum field with its allowed values', async () => {
    const err = await failure('policy:\n  profile:\n    retryAfter: loose\n');
    expect(err.context.line).toBe(3);
    expect(err.message).toBe('must be one of "strict", "lenient"');
  });

  it('never echoes what was written where a variable name belongs (it may be the key)', async () => {
    const err = await failure('apiKeyEnv: sk-live-0123456789\n');
    expect(err.context.option).toBe('apiKeyEnv');
    expect(err.toLine()).not.toContain('sk-live-0123456789');
  });

  it('rejects the key itself under any name: unknown fields are errors, values not shown', async () => {
    const err = await failure('apiKey: sk-live-0123456789\n');
    expect(err.message).toContain('unknown field "apiKey"');
    expect(err.toLine()).not.toContain('sk-live-0123456789');
  });

  it('reports malformed YAML with its line (parse error, exit 2)', async () => {
    const err = await failure('checks:\n  only: [RL-A,\n');
    expect(err.code).toBe('PACER_ERR_PARSE');
    expect(err.context.line).toBe(2);
  });
});

describe('fieldName', () => {
  it('turns a JSON pointer into a dotted field, unescaping ~1 and ~0', () => {
    expect(fieldName('/policy/profile/retryAfter')).toBe('policy.profile.retryAfter');
    expect(fieldName('/a~1b/c~0d')).toBe('a/b.c~d');
    expect(fieldName('')).toBe('(top level)');
  });
});
