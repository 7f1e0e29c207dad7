import { summarise } from '../checks/evaluate';
import type { Verdict } from '../checks/types';

/** A plain-text verdict table: id, outcome, severity, and the reason (one line each). */
export function formatVerdictTable(verdicts: readonly Verdict[]): string {
  const rows = verdicts.map((v) => [v.checkId, v.outcome.toUpperCase(), v.severity, oneLine(v.reason ?? '')]);
  const header = ['check', 'outcome', 'severity', 'reason'];
  const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) =>
    [r[0].padEnd(widths[0]), r[1].padEnd(widths[1]), r[2].padEnd(widths[2]), r[3]].join('  ');
  const { counts } = summarise(verdicts);
  const summary = `${counts.pass} pass, ${counts.fail} fail, ${counts.warn} warn, ${counts.skip} skip`;
  return [fmt(header), ...rows.map(fmt), '', summary].join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
