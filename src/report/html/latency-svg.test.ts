import { describe, expect, it } from 'vitest';
import type { LatencySummary } from '../types';
import { renderLatencySvg } from './latency-svg';

const s: LatencySummary = { count: 5, p50: 1, p90: 2, p99: 3, max: 4 };
const gutter = (svg: string): number => Number(/<text x="([\d.]+)"[^>]*class="tl-label/.exec(svg)?.[1]);

describe('renderLatencySvg labels', () => {
  it('widens the label gutter to fit the longest label instead of cutting it', () => {
    const short = renderLatencySvg([['burst', s]]);
    const long = renderLatencySvg([
      ['burst', s],
      ['getPartnerCryptoWithdrawalDetails', s],
    ]);
    expect(long).toContain('>getPartnerCryptoWithdrawalDetails</text>');
    expect(long).not.toContain('…');
    // 33 monospace characters need about 33 x 7 px left of the bars.
    expect(gutter(long)).toBeGreaterThanOrEqual(33 * 7);
    expect(gutter(long)).toBeGreaterThan(gutter(short));
  });

  it('cuts only absurdly long labels, with an ellipsis and the full text as a tooltip', () => {
    const name = `${'x'.repeat(70)}<b>`;
    const svg = renderLatencySvg([[name, s]]);
    expect(svg).toContain(`<title>${'x'.repeat(70)}&lt;b&gt;</title>`);
    expect(svg).toContain('…</text>');
    expect(svg).not.toContain('<b>');
  });
});
