/**
 * End to end through the real parts: the sandbox with a fault, `runLimits` (probes, trace, checks),
 * then buildRunResults + writeRunFolder; every artefact is checked against its schema, and
 * report.html is opened in headless Chromium (Debian's chromium, libxml2-utils for xmllint).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PACER_VERSION } from '../src/cli/version';
import { partnerPolicy } from '../src/limits/policy-for';
import { runLimits } from '../src/limits/run-limits';
import { buildRunResults } from '../src/report/build';
import { collectEnvironment } from '../src/report/environment';
import { newRunFolder, writeRunFolder } from '../src/report/write-run';
import { DEMO_API_KEY, startSandbox } from '../src/sandbox/index';

const CHROMIUM = process.env.PACER_CHROMIUM ?? '/usr/bin/chromium';
const SOURCES = ['127.0.0.120', '127.0.0.121', '127.0.0.122', '127.0.0.123'];

describe('reports from a real limits run', () => {
  it('writes a run folder whose every artefact validates and whose timeline shows every request', async () => {
    const sandbox = await startSandbox({ limit: 20, windowMs: 4000, faults: ['admit-one-extra'], seed: 3 });
    const base = await mkdtemp(join(tmpdir(), 'pacer-report-e2e-'));
    const dir = await newRunFolder(base);
    const startedAt = new Date();
    let limits: Awaited<ReturnType<typeof runLimits>>;
    try {
      limits = await runLimits({
        target: sandbox.url,
        apiKey: DEMO_API_KEY,
        policy: partnerPolicy(20, 4000),
        sourceIps: SOURCES,
        probes: ['exhaust', 'burst'],
        outDir: dir,
        requestTimeoutMs: 5000,
      });
    } finally {
      await sandbox.close();
    }
    const results = buildRunResults({
      pacerVersion: PACER_VERSION,
      runId: dir.split('/').pop() ?? 'run',
      startedAt,
      finishedAt: new Date(),
      target: sandbox.url,
      targetKind: 'embedded-sandbox',
      environment: await collectEnvironment({
        contractFile: 'conformance/partner-api.yaml',
        policyFile: null,
        clockOffsetMs: limits.clockOffsetMs,
        sourceAddresses: SOURCES,
      }),
      policy: limits.policy,
      documented: { limit: 300, windowMs: 60_000 },
      verdicts: limits.verdicts,
      records: limits.records,
      traceFile: limits.traceFile,
    });
    const paths = await writeRunFolder(dir, results, limits.records, { env: {} });

    // The fault is aimed at RL-ADMISSION-EXACT; what matters here is that the reports agree with the checks.
    const failed = limits.verdicts.filter((v) => v.outcome === 'fail').length;
    expect(results.status).toBe(failed > 0 ? 'violations' : 'certified');
    expect(results.summary.checks.fail).toBe(failed);
    expect(results.summary.requests).toBe(limits.records.length);
    expect(readdirSync(dir).sort()).toEqual([
      'junit.xml',
      'report.html',
      'results.json',
      'summary.md',
      'trace.ndjson',
    ]);

    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('schemas/results.schema.json', 'utf8')));
    expect(validate(JSON.parse(readFileSync(paths.results, 'utf8'))), ajv.errorsText(validate.errors)).toBe(
      true,
    );

    const lint = spawnSync('xmllint', ['--noout', '--schema', 'test-data/junit/junit-ant.xsd', paths.junit], {
      encoding: 'utf8',
    });
    expect(lint.status, lint.stderr).toBe(0);
    const junit = readFileSync(paths.junit, 'utf8');
    expect((junit.match(/<failure /g) ?? []).length).toBe(failed);
    expect((junit.match(/<testcase /g) ?? []).length).toBe(limits.verdicts.length);

    for (const file of [paths.results, paths.junit, paths.summary, paths.report]) {
      expect(readFileSync(file, 'utf8')).not.toContain(DEMO_API_KEY);
    }

    expect(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium`).toBe(true);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(pathToFileURL(resolve(paths.report)).href);
      await page.waitForFunction("document.getElementById('timeline').getAttribute('data-marks') !== '0'");
      expect(Number(await page.getAttribute('#timeline', 'data-marks'))).toBe(limits.records.length);
      expect(errors).toEqual([]);
      await mkdir('reports/screenshots', { recursive: true });
      await page.screenshot({ path: 'reports/screenshots/report-limits-run.png', fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
