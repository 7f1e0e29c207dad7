import { describe, expect, it } from 'vitest';
import { checkTallies, jsonSummary, junitXml, type K6SummaryData } from './summary';

const data: K6SummaryData = {
  state: { testRunDurationMs: 12_500 },
  root_group: {
    name: '',
    checks: [
      { name: 'RL-HEADERS-PRESENT', passes: 300, fails: 0 },
      { name: 'RL-429-SHAPE', passes: 3, fails: 2 },
    ],
    groups: [{ name: 'inner', checks: [{ name: 'RL-HEADERS-PRESENT', passes: 5, fails: 1 }], groups: [] }],
  },
  metrics: {
    'checks{check:RL-HEADERS-PRESENT}': {
      type: 'rate',
      values: { rate: 0.99 },
      thresholds: { 'rate==1': { ok: false } },
    },
    http_reqs: { type: 'counter', values: { count: 306 } },
    pacer_trace: { type: 'counter', values: { count: 306 } },
    http_req_duration: { type: 'trend', values: { 'p(95)': 4.2 } },
  },
};

describe('k6 summary reports', () => {
  it('merges check tallies across groups', () => {
    expect(checkTallies(data)).toEqual([
      { id: 'RL-HEADERS-PRESENT', passes: 305, fails: 1 },
      { id: 'RL-429-SHAPE', passes: 3, fails: 2 },
    ]);
  });

  it('writes one JUnit testcase per check id, thresholds, and skipped ids that never ran', () => {
    const xml = junitXml(data, 'pacer.k6.burst', ['RL-HEADERS-PRESENT', 'RL-ADMISSION-ATOMIC']);
    expect(xml).toMatch(/<testsuite name="pacer.k6.burst" tests="4" failures="3" skipped="1" time="12.500">/);
    expect(xml).toContain('name="RL-429-SHAPE"><failure message="2 of 5 responses failed RL-429-SHAPE"/>');
    expect(xml).toContain('name="RL-ADMISSION-ATOMIC"><skipped');
    expect(xml).toContain('name="checks{check:RL-HEADERS-PRESENT}: rate==1"><failure');
    expect(xml.match(/<testcase /g)?.length).toBe(4);
  });

  it('escapes names in XML', () => {
    const xml = junitXml({ root_group: { checks: [{ name: 'a<b & "c"', passes: 1, fails: 0 }] } }, 's');
    expect(xml).toContain('name="a&lt;b &amp; &quot;c&quot;"');
  });

  it('sums the run up as JSON', () => {
    const s = jsonSummary(data, 'burst');
    expect(s).toMatchObject({
      scenario: 'burst',
      outcome: 'fail',
      requests: 306,
      traced: 306,
      durationP95Ms: 4.2,
    });
    const clean = jsonSummary({ root_group: { checks: [{ name: 'X', passes: 2, fails: 0 }] } }, 'steady');
    expect(clean.outcome).toBe('pass');
    expect(clean.requests).toBeNull();
  });
});
