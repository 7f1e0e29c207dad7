import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../src/report/html/page';
import { syntheticRecords, syntheticResults } from '../src/report/test-support/synthetic';
import { syntheticCapacity } from '../src/report/test-support/synthetic-capacity';
import type { TraceRecord } from '../src/trace/types';
import { launchChromium, type Opened, openReport } from './report-html-browser';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = await mkdtemp(join(tmpdir(), 'pacer-report-html-'));
});

afterAll(async () => {
  await browser?.close();
});

const open = (name: string, html: string): Promise<Opened> => openReport(browser, dir, name, html);

/** Marks as drawn: the `M` commands in the mark paths (independent of the script's own count). */
async function drawnMarks(
  page: Page,
): Promise<{ attr: number; subpaths: number; byClass: Record<string, number> }> {
  return page.evaluate(`(() => {
    const byClass = {};
    let subpaths = 0;
    for (const p of document.querySelectorAll('#timeline path.tl-marks')) {
      const n = (p.getAttribute('d') || '').split('M').length - 1;
      subpaths += n;
      byClass[p.getAttribute('data-class')] = n;
    }
    return { attr: Number(document.getElementById('timeline').getAttribute('data-marks')), subpaths, byClass };
  })()`);
}

function expectedByClass(records: readonly TraceRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) {
    const s = r.status;
    const c =
      s === null
        ? 'error'
        : s === 429
          ? '429'
          : s >= 500
            ? '5xx'
            : s >= 400
              ? '4xx'
              : s >= 300 || s < 200
                ? '3xx'
                : '2xx';
    out[c] = (out[c] ?? 0) + 1;
  }
  return out;
}

describe('report.html in headless Chromium', () => {
  it('draws one timeline mark per request, loads nothing, logs no error, survives hostile text', async () => {
    const records = syntheticRecords(2000);
    const results = syntheticResults(records, { capacity: syntheticCapacity() });
    const { page, consoleErrors, foreignRequests, dialogs } = await open(
      'report.html',
      renderHtmlReport(results, records),
    );

    const marks = await drawnMarks(page);
    expect(marks.attr).toBe(2000);
    expect(marks.subpaths).toBe(2000);
    expect(marks.byClass).toEqual(expectedByClass(records));
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(dialogs).toEqual([]);

    // The hostile message is shown as text, and injected markup created no script element.
    expect(await page.locator('script').count()).toBe(3);
    expect(await page.locator('#sec-verdicts').textContent()).toContain(
      '</script><script>alert("x")</script>',
    );

    expect(await page.locator('#status-banner').textContent()).toContain('FAIL');
    expect(await page.locator('#policy-note').textContent()).toContain('20 requests per 2 s');
    expect(await page.locator('path.tl-bands').count()).toBe(1);
    expect(await page.locator('path.tl-resets').count()).toBe(1);
    expect(await page.locator('path.tl-remaining').count()).toBe(5);
    expect(await page.locator('#sec-capacity svg').count()).toBe(2);
    expect(await page.locator('#sec-coverage td.cov-yes').count()).toBe(4);

    await mkdir('reports/screenshots', { recursive: true });
    await page.screenshot({ path: resolve('reports/screenshots/report.png'), fullPage: true });
    await page.close();
  });

  it('filters the grouped verdict table by outcome and by text', async () => {
    const records = syntheticRecords(200);
    const results = syntheticResults(records);
    const { page } = await open('filter.html', renderHtmlReport(results, records));
    const ids = new Set(results.verdicts.map((v) => v.checkId));
    const visible = () => page.locator('tr.vrow:visible').count();
    expect(await visible()).toBe(ids.size);
    await page.click('button[data-filter="fail"]');
    const failingIds = new Set(results.verdicts.filter((v) => v.outcome === 'fail').map((v) => v.checkId));
    expect(await visible()).toBe(failingIds.size);
    expect(await page.locator('tr.vrow:visible[data-outcome="fail"]').count()).toBe(failingIds.size);
    await page.click('button[data-filter="all"]');
    await page.fill('#vsearch', 'createOrder');
    expect(await visible()).toBe(
      new Set(results.verdicts.filter((v) => v.operationId === 'createOrder').map((v) => v.checkId)).size,
    );
    // A passing run-wide check is collapsed until asked for; a failing one opens by default.
    await page.fill('#vsearch', '');
    const passing = page.locator('tr.vrow[data-check="RL-HEADERS-PRESENT"] details').first();
    expect(await passing.getAttribute('open')).toBeNull();
    await passing.locator('summary').click();
    expect(await passing.getAttribute('open')).toBe('');
    const failing = page.locator('tr.vrow[data-check="RL-ADMISSION-EXACT"] details').first();
    expect(await failing.getAttribute('open')).toBe('');
    await page.close();
  });

  it('shows PASS for a certified run and keeps up with 20,000 records', async () => {
    const records = syntheticRecords(20_000);
    const base = syntheticResults(records);
    const results = {
      ...base,
      status: 'certified' as const,
      verdicts: base.verdicts.filter((v) => v.outcome === 'pass'),
    };
    const started = performance.now();
    const { page, consoleErrors } = await open('big.html', renderHtmlReport(results, records));
    const elapsed = performance.now() - started;
    const marks = await drawnMarks(page);
    expect(marks.subpaths).toBe(20_000);
    expect(marks.attr).toBe(20_000);
    expect(consoleErrors).toEqual([]);
    expect(await page.locator('#status-banner').textContent()).toContain('PASS');
    // A figure for the report, not an assertion: the machine is shared.
    console.log(`20k records: render + load + draw ${elapsed.toFixed(0)} ms`);
    await page.close();
  });

  it('renders a failed run without records: ERROR banner, empty timeline, no script error', async () => {
    const results = syntheticResults([], {
      status: 'error',
      partial: true,
      verdicts: [],
      error: { code: 'PACER_ERR_TARGET_UNREACHABLE', message: 'connect ECONNREFUSED 127.0.0.1:9' },
    });
    const { page, consoleErrors } = await open('empty.html', renderHtmlReport(results, []));
    expect(await page.getAttribute('#timeline', 'data-marks')).toBe('0');
    expect(consoleErrors).toEqual([]);
    expect(await page.locator('#status-banner').textContent()).toContain('ERROR');
    expect(await page.locator('header.cert').textContent()).toContain('ECONNREFUSED');
    await page.close();
  });
});
