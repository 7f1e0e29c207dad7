/**
 * report.html for a run shaped like a full `pacer certify` (19 rate-limit checks + 10 conformance
 * checks x 58 operations): one row per check, failures open, labels never clipped, a page a
 * release manager can read without scrolling past hundreds of PASS rows.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CERTIFY_OPERATIONS,
  certifyRecords,
  certifyResults,
  FAILING,
} from '../src/report/html/certify-fixture';
import { renderHtmlReport } from '../src/report/html/page';
import type { TraceRecord } from '../src/trace/types';
import { launchChromium, openReport } from './report-html-browser';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = await mkdtemp(join(tmpdir(), 'pacer-report-certify-'));
});

afterAll(async () => {
  await browser?.close();
});

const LONG_PROBE = 'a-probe-name-far-too-long-for-any-sensible-label-gutter-in-the-timeline';

/** Every label's box (SVG user units) in `selector`: x, width and the text and tooltip. */
async function labelBoxes(
  page: Page,
  selector: string,
): Promise<Array<{ x: number; width: number; text: string; title: string }>> {
  return page.evaluate(`Array.from(document.querySelectorAll(${JSON.stringify(selector)})).map((t) => {
    const b = t.getBBox();
    const title = t.querySelector('title');
    const own = Array.from(t.childNodes).filter((n) => n.nodeType === 3).map((n) => n.nodeValue).join('');
    return { x: b.x, width: b.width, text: own, title: title ? title.textContent : '' };
  })`);
}

describe('report.html for a certify-sized run', () => {
  const records: TraceRecord[] = certifyRecords(1500);
  const results = certifyResults(records);
  const checkIds = new Set(results.verdicts.map((v) => v.checkId));

  it('groups one row per check, failures first and open, the rest collapsed, and stays short', async () => {
    const { page, consoleErrors, foreignRequests } = await openReport(
      browser,
      dir,
      'certify.html',
      renderHtmlReport(results, records),
    );
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(await page.locator('#timeline').getAttribute('data-marks')).toBe(String(records.length));

    const rows = page.locator('tr.vrow');
    expect(await rows.count()).toBe(checkIds.size);
    expect(await rows.count()).toBe(29);
    const first = rows.first();
    expect(await first.getAttribute('data-check')).toBe(FAILING.checkId);
    expect(await first.getAttribute('data-outcome')).toBe('fail');
    expect(await first.textContent()).toContain('58 operations: 1 fail, 57 pass');
    expect(await first.locator('details.group').getAttribute('open')).toBe('');
    const failingOp = first.locator(`tr.oprow[data-op="${FAILING.operationId}"]`);
    expect(await failingOp.locator('details').getAttribute('open')).toBe('');
    expect(await failingOp.locator('pre.repro').isVisible()).toBe(true);
    // Passing operations are listed but folded away.
    expect(await first.locator('details.passing').getAttribute('open')).toBeNull();
    expect(await first.locator('details.passing tr.oprow').count()).toBe(57);

    const warn = page.locator('tr.vrow[data-check="CT-POSITIVE-ACCEPTED"]');
    expect(await warn.getAttribute('data-outcome')).toBe('warn');
    expect(await warn.locator('details.group').getAttribute('open')).toBeNull();
    expect(await page.locator('tr.vrow details.group[open]').count()).toBe(1);
    // Every one of the 599 verdicts is still in the page, one operation row each.
    expect(await page.locator('tr.oprow').count()).toBe(10 * CERTIFY_OPERATIONS.length);

    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    expect(height).toBeLessThan(8000);
    await mkdir('reports/screenshots', { recursive: true });
    await page.screenshot({ path: resolve('reports/screenshots/report-certify.png'), fullPage: true });
    await page.close();
  });

  it('finds an operation across checks and narrows each check to it', async () => {
    const { page } = await openReport(browser, dir, 'search.html', renderHtmlReport(results, records));
    await page.fill('#vsearch', 'createPartnerCryptoWithdrawal');
    const shown = page.locator('tr.vrow:visible');
    expect(await shown.count()).toBe(10);
    for (const row of await shown.all()) {
      expect(await row.locator('details.group').getAttribute('open')).toBe('');
      const ops = row.locator('tr.oprow:visible');
      expect(await ops.count()).toBe(1);
      expect(await ops.first().getAttribute('data-op')).toBe('createPartnerCryptoWithdrawal');
    }
    await page.click('button[data-filter="warn"]');
    expect(await shown.count()).toBe(1);
    expect(await page.locator('tr.oprow:visible').count()).toBe(1);

    // Outcome filter alone: the failing check with only its failing operation.
    await page.fill('#vsearch', '');
    await page.click('button[data-filter="fail"]');
    expect(await shown.count()).toBe(1);
    expect(await page.locator('tr.oprow:visible').count()).toBe(1);
    expect(await page.locator('details.passing:visible').count()).toBe(0);

    // Back to everything: details return to their defaults.
    await page.click('button[data-filter="all"]');
    expect(await shown.count()).toBe(29);
    expect(await page.locator('tr.vrow details.group[open]').count()).toBe(1);
    await page.close();
  });

  it('never clips a lane or operation label; cuts an absurd one with an ellipsis and a tooltip', async () => {
    const extra: TraceRecord = { ...records[0], seq: records.length, probe: LONG_PROBE };
    const withLong = [...records, extra];
    const r = certifyResults(withLong);
    const { page, consoleErrors } = await openReport(
      browser,
      dir,
      'labels.html',
      renderHtmlReport(r, withLong),
    );
    expect(consoleErrors).toEqual([]);

    const lanes = await labelBoxes(page, '#timeline text.tl-label');
    expect(lanes.length).toBeGreaterThan(15);
    for (const l of lanes) expect(l.x, l.text).toBeGreaterThanOrEqual(0);
    const boundary = lanes.find((l) => l.text.startsWith('reset-boundary'));
    expect(boundary?.text).toBe('reset-boundary · 127.0.0.138');
    const long = lanes.find((l) => l.title.startsWith(LONG_PROBE));
    expect(long?.text.endsWith('…')).toBe(true);
    // The cut label still ends before the plot starts.
    const plotX = Number(await page.evaluate(`document.querySelector('#timeline rect').getAttribute('x')`));
    for (const l of lanes) expect(l.x + l.width, l.text).toBeLessThanOrEqual(plotX);

    const ops = await labelBoxes(page, '#sec-latency text.lat-label');
    expect(ops.map((o) => o.text)).toContain('getPartnerCryptoWithdrawalDetails');
    for (const o of ops) {
      expect(o.x, o.text).toBeGreaterThanOrEqual(0);
      expect(o.text.endsWith('…'), o.text).toBe(false);
    }
    await page.close();
  });
});
