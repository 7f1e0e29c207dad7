import { clip, escapeMarkdown, escapeHtml as h } from '../escape';

type Primitive = string | number | boolean | null;
const isPrimitive = (v: unknown): v is Primitive =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_ROWS = 100;

const cell = (v: unknown): string => (isPrimitive(v) ? h(clip(String(v), 200)) : '');
// Encoded blobs (histograms) are for machines; they stay in results.json.
const isShown = (v: unknown): boolean => isPrimitive(v) && !(typeof v === 'string' && v.length > 120);

/**
 * A plain rendering of a capacity result: its scalar fields as a key/value table and each array of
 * objects (stages, points) as a table. Used when no dedicated capacity renderer is available.
 */
export function capacityTables(capacity: unknown, depth = 0): string {
  if (!isRecord(capacity)) return `<p>${cell(capacity)}</p>`;
  const scalars = Object.entries(capacity).filter(([, v]) => isShown(v));
  const out: string[] = [];
  if (scalars.length) {
    out.push(
      `<table class="kv"><tbody>${scalars.map(([k, v]) => `<tr><th>${h(k)}</th><td>${cell(v)}</td></tr>`).join('')}</tbody></table>`,
    );
  }
  for (const [key, value] of Object.entries(capacity)) {
    if (Array.isArray(value) && value.length && value.every(isRecord)) {
      const rows = value as Record<string, unknown>[];
      const cols = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => isShown(r[k]))))];
      const body = rows
        .slice(0, MAX_ROWS)
        .map((r) => `<tr>${cols.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`)
        .join('');
      const more =
        rows.length > MAX_ROWS ? `<p class="muted">... and ${rows.length - MAX_ROWS} more</p>` : '';
      out.push(
        `<h4>${h(key)}</h4><div class="scroll"><table><thead><tr>${cols.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>${more}`,
      );
    } else if (isRecord(value) && depth < 2) {
      out.push(`<h4>${h(key)}</h4>${capacityTables(value, depth + 1)}`);
    }
  }
  return out.join('');
}

/** The scalar fields of a capacity result as a Markdown table (plain fallback for summary.md). */
export function capacityScalarsMarkdown(capacity: unknown): string | undefined {
  if (!isRecord(capacity)) return undefined;
  const rows = Object.entries(capacity).filter(([, v]) => isShown(v));
  if (!rows.length) return undefined;
  const esc = (s: string): string => escapeMarkdown(clip(s, 200));
  return [
    '| field | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${esc(k)} | ${esc(String(v))} |`),
  ].join('\n');
}
