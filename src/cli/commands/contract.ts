import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { LintProblem, LintReport } from '../../contract/lint';
import { lintContract } from '../../contract/lint';
import { ExitCode } from '../../errors';
import { defaultContractPath, defaultPolicyPath } from '../../policy/paths';
import { showPath } from '../../report/write-command-run';

interface LintOptions {
  spec?: string;
  policy?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const contract = program
    .command('contract')
    .description('inspect the OpenAPI contract pacer tests against');
  contract
    .command('lint')
    .description('check the contract (and its rate-limit policy) for problems pacer would trip over')
    .option('--spec <file>', 'OpenAPI 3.1 contract (default: the bundled conformance/partner-api.yaml)')
    .option('--policy <file>', 'rate-limit policy (default: the bundled one, when --spec is not given)')
    .option('--json', 'print the report as JSON')
    .action(async (options: LintOptions) => {
      const spec = options.spec ?? defaultContractPath();
      // The bundled policy belongs with the bundled contract; a user's --spec is linted alone unless --policy is given.
      let policy = options.policy;
      if (policy === undefined && options.spec === undefined && existsSync(defaultPolicyPath()))
        policy = defaultPolicyPath();
      const report = await lintContract(spec, policy);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      if (report.problems.some((p) => p.severity === 'error')) process.exitCode = ExitCode.violations;
    });
}

function formatProblem(p: LintProblem): string {
  const where = `${showPath(p.file)}${p.line ? `:${p.line}` : ''} #${p.pointer}`;
  return `${where}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message} [${p.rule}]`;
}

function formatReport(report: LintReport): string {
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = report.problems.map(formatProblem);
  lines.push(
    `${basename(report.file)}: ${plural(report.operations, 'operation')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  );
  return `${lines.join('\n')}\n`;
}
