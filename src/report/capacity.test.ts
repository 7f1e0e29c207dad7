import { describe, expect, it } from 'vitest';
import { capacityHtml, capacityMarkdown, isCapacityResult } from './capacity';
import { renderSummaryMarkdown } from './summary-md';
import { syntheticResults } from './test-support/synthetic';
import { syntheticCapacity } from './test-support/synthetic-capacity';

describe('capacity section', () => {
  const cap = syntheticCapacity();

  it('draws the capacity charts and tables for a CapacityResult', () => {
    const html = capacityHtml(cap);
    expect(html.match(/<svg /g)?.length).toBe(2);
    expect(html).toContain('Sustainable throughput');
    expect(html).toContain('398.0 req/s (stage 4)');
    expect(html.match(/<tr><td class="num">/g)?.length).toBe(cap.stages.length);
    expect(html).toContain('&lt;b&gt;not bold&lt;/b&gt; &amp; a note');
    expect(html).not.toContain('HISTFAAAA');
  });

  it('falls back to plain tables for an unknown shape, hiding encoded blobs', () => {
    const html = capacityHtml({ throughput: 12, stages: [{ rate: 1, hist: 'x'.repeat(500) }] });
    expect(isCapacityResult({ throughput: 12 })).toBe(false);
    expect(html).toContain('<th>throughput</th><td>12</td>');
    expect(html).toContain('<th>rate</th>');
    expect(html).not.toContain('xxxxxxxxxx');
  });

  it('goes into summary.md, headed once', () => {
    const md = renderSummaryMarkdown(syntheticResults([], { capacity: cap }));
    expect(md.match(/## Capacity/g)?.length).toBe(1);
    expect(md).toContain('Sustainable throughput');
    expect(capacityMarkdown(undefined)).toBeUndefined();
    expect(capacityMarkdown({ sustainable: 3 })).toContain('| sustainable | 3 |');
  });
});
