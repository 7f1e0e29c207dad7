import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../contract/source';
import { PacerError } from '../errors';
import { applyOverrides, loadPolicy, loadPolicySync, policyFromSource } from './load';
import { parsePolicy } from './parse';
import { defaultContractPath, defaultPolicyPath, packageRoot } from './paths';

const fixture = (name: string) => `test-data/contracts/${name}`;
const fromText = (text: string) => parseSource('policy.yaml', text);

describe('loadPolicy', () => {
  it('reads the fixture policy with units converted and provenance per field', async () => {
    const policy = await loadPolicy(fixture('good-policy.yaml'));
    expect(policy).toMatchObject({
      limit: 20,
      windowMs: 2000,
      scope: 'ip',
      endpoints: 'global',
      units: { reset: 'epoch-seconds', retryAfter: ['delay-seconds', 'http-date'] },
      tooManyRequests: { status: 429, windowText: '2 seconds' },
      profile: { retryAfter: 'strict', timingToleranceMs: 300, algorithm: 'fixed-window' },
    });
    expect(policy.provenance.limit).toBe(`${fixture('good-policy.yaml')}:2`);
    expect(policy.provenance.windowMs).toBe(`${fixture('good-policy.yaml')}:3`);
    expect(policy.provenance['tooManyRequests.windowText']).toBe('derived from window');
    expect(policy.provenance.headers).toBe(fixture('good-policy.yaml'));
    // no bodySchema in the file: the page's 429 body is the default
    expect(policy.tooManyRequests.bodySchema.required).toEqual([
      'error',
      'message',
      'retry_after',
      'limit',
      'window',
    ]);
  });

  it('applies overrides, re-deriving windowText and recording where values came from', () => {
    const policy = loadPolicySync(fixture('good-policy.yaml'), {
      limit: 5,
      windowMs: 60_000,
      profile: { retryAfter: 'lenient' },
    });
    expect(policy.limit).toBe(5);
    expect(policy.windowMs).toBe(60_000);
    expect(policy.tooManyRequests.windowText).toBe('1 minute');
    expect(policy.profile.retryAfter).toBe('lenient');
    expect(policy.profile.timingToleranceMs).toBe(300);
    expect(policy.provenance).toMatchObject({
      limit: '--limit',
      windowMs: '--window',
      'profile.retryAfter': 'override',
    });
  });

  it('rejects bad overrides naming the flag', () => {
    const base = loadPolicySync(fixture('good-policy.yaml'));
    expect(() => applyOverrides(base, { limit: 0 })).toThrow(
      expect.objectContaining({ code: 'PACER_ERR_INVALID_OPTION', context: { option: '--limit' } }),
    );
    expect(() => applyOverrides(base, { limit: 2.5 })).toThrow(/--limit/);
    expect(() => applyOverrides(base, { windowMs: -1 })).toThrow(/--window/);
  });

  it('a negative limit is an error naming file, field and line', async () => {
    const err = await loadPolicy(fixture('policy-negative-limit.yaml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PacerError);
    expect((err as PacerError).code).toBe('PACER_ERR_POLICY_INVALID');
    expect((err as PacerError).toLine()).toBe(
      `${fixture('policy-negative-limit.yaml')}:2 #/limit: limit must be a positive integer, got -300`,
    );
  });

  it('lists every bad field, with unknown keys as warnings only', () => {
    const { policy, problems } = parsePolicy(loadSource(fixture('policy-bad-fields.yaml')));
    expect(policy).toBeUndefined();
    expect(problems.map((p) => [p.severity, p.pointer, p.line])).toEqual([
      ['warning', '/colour', 8],
      ['error', '/window', 3],
      ['error', '/scope', 4],
      ['error', '/profile/retryAfter', 6],
      ['error', '/profile/penaltyExpected', 7],
    ]);
  });

  it('requires limit and window; a zero window or a unitless string is refused', () => {
    expect(parsePolicy(fromText('scope: ip\n')).problems.map((p) => p.pointer)).toEqual([
      '/limit',
      '/window',
    ]);
    expect(parsePolicy(fromText('limit: 10\nwindow: 0s\n')).problems[0]).toMatchObject({
      pointer: '/window',
      line: 2,
    });
    expect(parsePolicy(fromText('limit: 10\nwindow: "60"\n')).problems[0].message).toMatch(/no unit/);
    expect(parsePolicy(fromText('limit: 10\nwindowMs: 1500\n')).policy?.windowMs).toBe(1500);
    expect(parsePolicy(fromText('- a\n')).problems[0].message).toMatch(/mapping/);
  });

  it('refuses a 429 bodySchema keyword the body check cannot evaluate, naming where', () => {
    const text =
      'limit: 10\nwindow: 1s\ntooManyRequests:\n  bodySchema:\n    type: object\n    properties:\n      error: {type: string, format: email}\n';
    const { policy, problems } = parsePolicy(fromText(text));
    expect(policy).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'error',
      pointer: '/tooManyRequests/bodySchema/properties/error/format',
      line: 7,
    });
    expect(problems[0].message).toMatch(/uses format, which pacer's 429 body check does not evaluate/);
    expect(parsePolicy(fromText(text.replace(', format: email', ''))).problems).toEqual([]);
  });

  it('warns when windowText disagrees with the window, and keeps the file text', () => {
    const { policy, problems } = parsePolicy(
      fromText('limit: 300\nwindow: 60s\ntooManyRequests:\n  windowText: 2 minutes\n'),
    );
    expect(policy?.tooManyRequests.windowText).toBe('2 minutes');
    expect(problems).toMatchObject([{ severity: 'warning', rule: 'policy-window-text', line: 4 }]);
  });

  it('loads the bundled policy: 300 per 1 minute', async () => {
    const policy = await loadPolicy(defaultPolicyPath());
    expect(policy.limit).toBe(300);
    expect(policy.windowMs).toBe(60_000);
    expect(policy.tooManyRequests.windowText).toBe('1 minute');
    expect(policy.headers).toEqual({
      limit: 'X-RateLimit-Limit',
      remaining: 'X-RateLimit-Remaining',
      reset: 'X-RateLimit-Reset',
      retryAfter: 'Retry-After',
    });
    expect(parsePolicy(loadSource(defaultPolicyPath())).problems).toEqual([]);
  });

  it('resolves default paths from the package root', () => {
    expect(defaultPolicyPath()).toBe(`${packageRoot()}/conformance/ratelimit-policy.yaml`);
    expect(defaultContractPath()).toBe(`${packageRoot()}/conformance/partner-api.yaml`);
    expect(packageRoot()).toBe(process.cwd());
  });

  it('builds a policy from in-memory text (fractional durations allowed)', () => {
    const policy = policyFromSource(fromText('limit: 7\nwindow: 1.5s\n'));
    expect(policy.windowMs).toBe(1500);
    // No headers section: the page's names, recorded as defaults (the fixture file names its own).
    expect(policy.provenance.headers).toBe('default');
  });
});

function loadSource(file: string) {
  return parseSource(file, readFileSync(file));
}
