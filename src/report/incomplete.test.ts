import { describe, expect, it } from 'vitest';
import { buildRunResults } from './build';
import { renderHtmlReport } from './html/page';
import { renderJunit } from './junit';
import { renderSummaryMarkdown } from './summary-md';
import { schemaErrors } from './test-support/run-folder';
import { syntheticRecords, syntheticRunInput, syntheticVerdicts } from './test-support/synthetic';

const records = syntheticRecords(120);
// Nothing fails; RL-PER-IP-ISOLATION is skipped in the fixture, so one required check is unjudged.
const results = buildRunResults({
  ...syntheticRunInput(records),
  verdicts: syntheticVerdicts().filter((v) => v.outcome !== 'fail'),
  warningChecks: ['RL-NO-CACHE-429'],
  records,
});

describe('an incomplete run in every report', () => {
  it('is status incomplete in a schema-valid results.json, naming the unjudged check', () => {
    expect(results.status).toBe('incomplete');
    expect(results.partial).toBe(false);
    expect(results.summary.requiredUnjudged).toEqual(['RL-PER-IP-ISOLATION']);
    expect(schemaErrors(results)).toBe('');
  });

  it('says NOT CERTIFIED in summary.md, with the unjudged check ids', () => {
    const md = renderSummaryMarkdown(results);
    expect(md).toContain('**NOT CERTIFIED**: required checks could not be judged');
    expect(md).toContain('1 required check could not be judged');
    expect(md).toContain('RL-PER-IP-ISOLATION');
    expect(md).not.toContain('**CERTIFIED**');
  });

  it('adds a run-level failure to junit.xml, so a gate that reads skips as green still fails', () => {
    const xml = renderJunit(results);
    expect(xml).toMatch(/<testsuite name="run"[^>]* tests="1" failures="1" errors="0" skipped="0"/);
    expect(xml).toMatch(
      /<failure message="NOT CERTIFIED: 1 required check could not be judged \(every verdict skipped\): RL-PER-IP-ISOLATION" type="incomplete">/,
    );
    // A certified run has no such suite.
    const certified = buildRunResults({
      ...results,
      pacerVersion: results.pacerVersion,
      verdicts: syntheticVerdicts().filter((v) => v.outcome !== 'fail' && v.outcome !== 'skip'),
      records,
    });
    expect(certified.status).toBe('certified');
    expect(renderJunit(certified)).not.toContain('<testsuite name="run"');
  });

  it('shows an amber NOT CERTIFIED banner in report.html', () => {
    const html = renderHtmlReport(results, records);
    const banner = html.slice(
      html.indexOf('id="status-banner"') - 60,
      html.indexOf('id="status-banner"') + 400,
    );
    expect(banner).toContain('class="banner st-incomplete"');
    expect(banner).toContain(
      'NOT CERTIFIED: 1 required check could not be judged (every verdict skipped): RL-PER-IP-ISOLATION.',
    );
    expect(html).toMatch(/\.st-incomplete \{ background: linear-gradient\(90deg, #b7791f, #d69e2e\); \}/);
  });
});
