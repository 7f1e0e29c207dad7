import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit';
import { syntheticRecords, syntheticResults } from './test-support/synthetic';

const results = syntheticResults(syntheticRecords(300));
const xml = renderJunit(results);
const count = (re: RegExp): number => (xml.match(re) ?? []).length;

describe('renderJunit', () => {
  it('has one testcase per verdict, in one suite per family, with matching counts', () => {
    expect(count(/<testcase /g)).toBe(results.verdicts.length);
    expect(count(/<testsuite /g)).toBe(2);
    expect(xml).toMatch(/<testsuite name="rate-limit"[^>]* tests="5" failures="2" errors="0" skipped="1"/);
    expect(xml).toMatch(/<testsuite name="conformance"[^>]* tests="3" failures="1" errors="0" skipped="0"/);
    expect(count(/<failure /g)).toBe(results.summary.checks.fail);
    expect(count(/<skipped /g)).toBe(results.summary.checks.skip);
  });

  it('names conformance testcases per operation and uses family.probe as classname', () => {
    expect(xml).toContain(
      'name="CT-BODY-SCHEMA [createOrder]: ct-body-schema holds" classname="conformance.createOrder"',
    );
    expect(xml).toContain(
      'name="CT-BODY-SCHEMA [getPartnerBalances]: ct-body-schema holds" classname="conformance.getPartnerBalances"',
    );
    expect(xml).toContain('classname="rate-limit.exhaust"');
  });

  it('puts the evidence and the reproduction in the failure body, the skip reason on skipped', () => {
    const failure = xml.slice(xml.indexOf('<failure message="request 21'), xml.indexOf('</failure>'));
    expect(failure).toContain('expected 429 · observed 200');
    expect(failure).toContain('Reproduce: curl');
    expect(xml).toContain('<skipped message="only one source address available"/>');
  });

  it('lists warnings in system-out (passing testcases) and records policy and target as properties', () => {
    expect(xml).toMatch(/<testcase name="RL-NO-CACHE-429: [^"]*" classname="[^"]*" time="[^"]*"\/>/);
    expect(xml).toMatch(/<system-out>[^<]*WARN RL-NO-CACHE-429/);
    expect(xml).toContain('<property name="policy.limit" value="20"/>');
    expect(xml).toContain('<property name="target" value="http://127.0.0.1:8080"/>');
    expect(xml).toContain('name="policy.note" value="Policy shortened for this run');
  });

  it('never lets hostile text open an element', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)');
  });
});
