/**
 * Test support for the report.html browser tests: Debian's chromium (apt-get install -y chromium;
 * never a downloaded browser), and a page opener that records console errors, dialogs and any
 * request other than the report file itself.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.PACER_CHROMIUM ?? '/usr/bin/chromium';

export interface Opened {
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  dialogs: string[];
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set PACER_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Writes `html` to `dir/name`, opens it at 1280 px wide and waits for the timeline to be drawn. */
export async function openReport(browser: Browser, dir: string, name: string, html: string): Promise<Opened> {
  const file = join(dir, name);
  await writeFile(file, html, 'utf8');
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const opened: Opened = { page, consoleErrors: [], foreignRequests: [], dialogs: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') opened.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => opened.consoleErrors.push(err.message));
  page.on('dialog', async (d) => {
    opened.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.route('**/*', async (route) => {
    if (route.request().url() === url) return route.continue();
    opened.foreignRequests.push(route.request().url());
    return route.abort();
  });
  await page.goto(url);
  // Browser-side code as strings: the project's tsconfig has no DOM lib.
  await page.waitForFunction("document.getElementById('timeline').getAttribute('data-drawn') === 'true'");
  return opened;
}
