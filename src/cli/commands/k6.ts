import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildK6Scenarios, listScenarios } from '../../k6/build';
import { readK6Json } from '../../k6/import-json';
import { parseList, parsePositiveInt } from '../../limits/cli-options';
import { packageRoot, parseDuration } from '../../policy/index';
import type { PolicyOverrides } from '../../policy/types';
import { createNdjsonTraceWriter } from '../../trace/ndjson-writer';

interface BuildFlags {
  out: string;
  scenario?: string;
  policy?: string;
  contract?: string;
  limit?: string;
  window?: string;
}

/**
 * `pacer k6 build` bundles the scenarios for k6; `pacer k6 trace` turns a k6 `--out json` file into
 * a pacer trace, so `pacer analyze` judges a k6 run with the same checks.
 */
export function register(program: Command): void {
  const k6 = program
    .command('k6')
    .description('k6 scenarios: build bundles, convert k6 JSON output to a trace');
  k6.command('build')
    .description('bundle scenarios/*.ts into ES2019 k6 scripts with the policy and operations inlined')
    .option('--out <dir>', 'output folder', 'dist/k6')
    .option('--scenario <list>', 'only these scenarios (comma list; default all)')
    .option('--policy <file>', 'rate-limit policy to inline (default: the bundled Partner API policy)')
    .option('--contract <file>', 'OpenAPI contract the operations are checked against')
    .option('--limit <n>', 'inline this limit (PACER_LIMIT still overrides at run time)')
    .option('--window <duration>', 'inline this window, e.g. 60s (PACER_WINDOW still overrides)')
    .action(async (flags: BuildFlags) => {
      const overrides: PolicyOverrides = {};
      if (flags.limit !== undefined) overrides.limit = parsePositiveInt(flags.limit, '--limit');
      if (flags.window !== undefined) overrides.windowMs = parseDuration(flags.window, '--window');
      const files = await buildK6Scenarios({
        outDir: flags.out,
        scenarios: parseList(flags.scenario),
        policyFile: flags.policy,
        contractFile: flags.contract,
        overrides,
      });
      for (const file of files) process.stdout.write(`${file}\n`);
    });
  k6.command('list')
    .description('print the scenario names, one per line')
    .action(() => {
      for (const name of listScenarios(join(packageRoot(), 'scenarios'))) process.stdout.write(`${name}\n`);
    });
  k6.command('trace')
    .description('convert k6 --out json output (pacer_trace samples) into a pacer trace.ndjson')
    .argument('<k6-json>', 'file written by k6 run --out json=FILE (.gz accepted)')
    .requiredOption('--out <file>', 'trace file to write, e.g. reports/trace.ndjson')
    .action(async (input: string, flags: { out: string }) => {
      const records = await readK6Json(input);
      const writer = createNdjsonTraceWriter(resolve(flags.out));
      for (const r of records) writer.write(r);
      await writer.close();
      process.stdout.write(`${records.length} records: ${flags.out}\n`);
    });
}
