import type { Evidence } from '../checks/types';
import type { ReportVerdict } from './types';

/** One line describing a piece of evidence, from its typed fields (never parsing `message`). */
export function evidenceLine(e: Evidence): string {
  const parts = [e.message];
  if (e.operationId) parts.push(`operation ${e.operationId}`);
  if (e.header) parts.push(`header ${e.header}`);
  if (e.expected !== undefined) parts.push(`expected ${e.expected}`);
  if (e.observed !== undefined) parts.push(`observed ${e.observed}`);
  if (e.instancePath !== undefined) parts.push(`at ${e.instancePath || '(body)'}`);
  if (e.schemaPath) parts.push(`rule ${e.schemaPath}`);
  if (e.relativeToServerDateMs !== undefined)
    parts.push(`${formatSigned(e.relativeToServerDateMs)} ms vs server Date`);
  if (e.atMs !== undefined) parts.push(`t=${(e.atMs / 1000).toFixed(3)} s`);
  if (e.seq.length) parts.push(`seq ${seqList(e.seq)}`);
  return parts.join(' · ');
}

const formatSigned = (n: number): string => (n > 0 ? `+${Math.round(n)}` : `${Math.round(n)}`);

/** `1, 2, 3 … (+97)` for long lists: evidence may reference thousands of records. */
export function seqList(seq: readonly number[], max = 8): string {
  if (seq.length <= max) return seq.join(', ');
  return `${seq.slice(0, max).join(', ')} … (+${seq.length - max})`;
}

/** The finding in one line: the reason, else the first evidence message, else the rule. */
export function headline(v: ReportVerdict): string {
  if (v.reason) return v.reason;
  if (v.evidence.length) return evidenceLine(v.evidence[0]);
  return v.rule;
}

export function profileText(profile: Record<string, string> | undefined): string {
  if (!profile) return '';
  return Object.entries(profile)
    .map(([k, val]) => `${k}: ${val}`)
    .join(', ');
}

/** A verdict as plain text lines (JUnit failure bodies), evidence capped at `maxEvidence`. */
export function verdictText(v: ReportVerdict, maxEvidence = 100): string {
  const lines = [`${v.checkId} — ${v.title} [${v.severity}]`, `Rule: ${v.rule}`];
  if (v.operationId) lines.push(`Operation: ${v.operationId}`);
  if (v.reason) lines.push(`Finding: ${v.reason}`);
  const profile = profileText(v.profile);
  if (profile) lines.push(`Profile: ${profile}`);
  if (v.evidence.length) lines.push('Evidence:');
  for (const e of v.evidence.slice(0, maxEvidence)) lines.push(`  - ${evidenceLine(e)}`);
  if (v.evidence.length > maxEvidence) lines.push(`  ... and ${v.evidence.length - maxEvidence} more`);
  if (v.repro) lines.push(`Reproduce: ${v.repro}`);
  return lines.join('\n');
}
