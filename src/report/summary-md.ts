import { incompleteReason } from './build';
import { capacityMarkdown } from './capacity';
import { clip, escapeMarkdown } from './escape';
import { evidenceLine, headline } from './evidence-text';
import type { ReportVerdict, RunResults, RunStatus } from './types';

/** GitHub rejects a step summary over 1024 KiB; stay well under it whatever the input. */
export const SUMMARY_MAX_BYTES = 1000 * 1024;
const MAX_LISTED = 50;
const MAX_LINE = 300;

export interface SummaryOptions {
  /** Path or URL of the HTML report, linked from the summary. */
  reportPath?: string;
  maxBytes?: number;
}

const STATUS_LINE: Record<RunStatus, string> = {
  certified: '✅ **CERTIFIED**: every required check passed',
  violations: '❌ **NOT CERTIFIED**: required checks failed',
  incomplete: '⚠️ **NOT CERTIFIED**: required checks could not be judged',
  interrupted: '⚠️ **INTERRUPTED**: partial results, not a certificate',
  error: '❌ **ERROR**: the run did not complete',
};

const md = (s: string): string => escapeMarkdown(clip(s, MAX_LINE));

function list(verdicts: ReportVerdict[], heading: string): string[] {
  if (!verdicts.length) return [];
  const lines = [`### ${heading} (${verdicts.length})`, ''];
  for (const v of verdicts.slice(0, MAX_LISTED)) {
    const op = v.operationId ? ` \`${md(v.operationId).replace(/`/g, '')}\`` : '';
    // The finding, then one line of evidence when the finding is not already that line.
    const evidence = v.reason && v.evidence.length ? `; evidence: ${md(evidenceLine(v.evidence[0]))}` : '';
    lines.push(`- **${md(v.checkId)}**${op} (${v.severity}) ${md(v.title)}: ${md(headline(v))}${evidence}`);
  }
  if (verdicts.length > MAX_LISTED) lines.push(`- ... and ${verdicts.length - MAX_LISTED} more`);
  lines.push('');
  return lines;
}

function coverageLine(results: RunResults): string[] {
  const ops = results.coverage?.operations;
  if (!ops) return [];
  const reached = ops.filter((o) => o.reached).length;
  let statuses = 0;
  let observed = 0;
  for (const o of ops) {
    for (const s of Object.values(o.statuses)) {
      statuses++;
      if (s === 'observed') observed++;
    }
  }
  return [
    `**Coverage:** ${reached}/${ops.length} operations reached, ${observed}/${statuses} documented statuses observed.`,
    '',
  ];
}

/** A short GitHub-flavoured Markdown summary (for $GITHUB_STEP_SUMMARY), always under `maxBytes`. */
export function renderSummaryMarkdown(results: RunResults, options: SummaryOptions = {}): string {
  const c = results.summary.checks;
  const p = results.policy;
  const lines: string[] = [`## pacer: ${md(results.target)}`, '', STATUS_LINE[results.status], ''];
  if (results.error) lines.push(`> **${md(results.error.code)}**: ${md(results.error.message)}`, '');
  if (results.status === 'incomplete') lines.push(`> **${md(incompleteReason(results.summary))}**`, '');
  if (results.policyNote) lines.push(`> **Note:** ${md(results.policyNote)}`, '');
  lines.push(
    '| checks | pass | fail | warn | skip | requests | 429s | network errors |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${c.total} | ${c.pass} | ${c.fail} | ${c.warn} | ${c.skip} | ${results.summary.requests} | ${results.summary.status429} | ${results.summary.networkErrors} |`,
    '',
    `**Policy:** ${p.limit} requests per ${p.windowMs / 1000} s per ${p.scope} (${p.endpoints}); ` +
      `profile retryAfter=${p.profile.retryAfter}, algorithm=${p.profile.algorithm}. ` +
      `**pacer** ${md(results.pacerVersion)}, run \`${md(results.runId).replace(/`/g, '')}\`.`,
    '',
    ...coverageLine(results),
    ...list(
      results.verdicts.filter((v) => v.outcome === 'fail'),
      'Failing checks',
    ),
    ...list(
      results.verdicts.filter((v) => v.outcome === 'warn'),
      'Warnings',
    ),
  );
  const capacity = capacityMarkdown(results.capacity);
  if (capacity) lines.push(capacity, '');
  if (options.reportPath)
    lines.push(
      `Full report: [${md(options.reportPath)}](${encodeURI(options.reportPath).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`,
      '',
    );
  return capBytes(lines.join('\n'), options.maxBytes ?? SUMMARY_MAX_BYTES);
}

/** Cut at a line boundary so the result, with its note, fits in `maxBytes` of UTF-8. */
export function capBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const lines = text.split('\n');
  const note = '\n\n... summary truncated to fit the size limit; see the full report.\n';
  const budget = maxBytes - Buffer.byteLength(note, 'utf8');
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (used + size > budget) break;
    used += size;
    kept++;
  }
  return lines.slice(0, kept).join('\n') + note;
}
