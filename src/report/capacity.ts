import { renderCapacityMarkdown, renderCapacitySvg } from '../capacity/render';
import type { CapacityResult } from '../capacity/types';
import { escapeHtml } from './escape';
import { capacityScalarsMarkdown, capacityTables } from './html/capacity-section';
import { capacityBaseline, capacityKeyFigures, capacityStageTable } from './html/capacity-typed';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** results.json carries `capacity` as unknown data: check the shape before the typed renderers see it. */
export function isCapacityResult(v: unknown): v is CapacityResult {
  return (
    isRecord(v) &&
    v.kind === 'capacity' &&
    Array.isArray(v.stages) &&
    isRecord(v.knee) &&
    isRecord(v.usl) &&
    isRecord(v.policy) &&
    isRecord(v.generator) &&
    isRecord(v.littlesLaw) &&
    isRecord(v.mix) &&
    isRecord(v.sources)
  );
}

/**
 * The capacity section of report.html: the capacity engineer's charts (src/capacity/render.ts),
 * the key figures and the stage table. Anything else (an older or foreign shape, or a renderer
 * that throws on odd data) falls back to plain tables, so a report is always written.
 */
export function capacityHtml(capacity: unknown): string {
  if (!isCapacityResult(capacity)) return capacityTables(capacity);
  try {
    return (
      `<div class="cap-charts">${renderCapacitySvg(capacity)}</div>` +
      capacityKeyFigures(capacity) +
      `<h4>Stages</h4>${capacityStageTable(capacity)}` +
      capacityBaseline(capacity) +
      (capacity.notes.length
        ? `<ul>${capacity.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
        : '')
    );
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return `<p class="callout">Capacity charts could not be drawn (${escapeHtml(why)}).</p>${capacityTables(capacity)}`;
  }
}

/** The capacity part of summary.md (with its own heading), or undefined when there is none. */
export function capacityMarkdown(capacity: unknown): string | undefined {
  if (capacity === undefined) return undefined;
  if (isCapacityResult(capacity)) {
    try {
      return renderCapacityMarkdown(capacity);
    } catch {
      // Fall through to the plain table.
    }
  }
  const table = capacityScalarsMarkdown(capacity);
  return table === undefined ? undefined : `## Capacity\n\n${table}\n`;
}
