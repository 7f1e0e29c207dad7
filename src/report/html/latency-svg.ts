import { escapeHtml } from '../escape';
import type { LatencySummary } from '../types';

/**
 * Latency percentiles per group as horizontal bars (p99 light, p90 medium, p50 dark, a tick at the
 * max), one row per probe or operation. Static SVG: small, no script needed.
 */
/** Advance of one character of `.tl-label` (11.5 px monospace, ~0.6 em), with a little slack. */
const CHAR_W = 7.2;
const MAX_LABEL_CHARS = 48;

export function renderLatencySvg(rows: Array<[string, LatencySummary]>): string {
  const shown = rows.filter(([, s]) => s.count > 0);
  if (!shown.length) return '<p class="muted">No completed requests to measure.</p>';
  const longest = Math.max(...shown.map(([name]) => name.length));
  // The label gutter fits the longest label (monospace), up to a cap past which labels are cut
  // with an ellipsis and keep their full text in a tooltip.
  const maxChars = Math.min(longest, MAX_LABEL_CHARS);
  const ml = Math.max(80, Math.ceil(maxChars * CHAR_W) + 16);
  const mr = 250;
  const width = 1140;
  const rowH = shown.length > 20 ? 18 : 24;
  const top = 10;
  const pw = width - ml - mr;
  const height = top + shown.length * rowH + 40;
  const maxV = Math.max(...shown.map(([, s]) => s.max), 1);
  const st = niceStep(maxV, 6);
  const scaleMax = Math.ceil(maxV / st) * st;
  const x = (v: number): number => ml + (v / scaleMax) * pw;
  const parts: string[] = [];
  for (let v = 0; v <= scaleMax + 1e-9; v += st) {
    const xx = x(v).toFixed(1);
    parts.push(
      `<path d="M${xx} ${top}V${top + shown.length * rowH}" stroke="#e3e6ea"/>`,
      `<text x="${xx}" y="${top + shown.length * rowH + 16}" text-anchor="middle" class="tl-tick">${tick(v, st)}</text>`,
    );
  }
  shown.forEach(([name, s], i) => {
    const y = top + i * rowH + 4;
    const h = rowH - 8;
    const cut = name.length > MAX_LABEL_CHARS;
    const label = cut ? `${name.slice(0, MAX_LABEL_CHARS - 1)}…` : name;
    const tip = cut ? `<title>${escapeHtml(name)}</title>` : '';
    parts.push(
      `<text x="${ml - 8}" y="${y + h / 2 + 4}" text-anchor="end" class="tl-label lat-label">${tip}${escapeHtml(label)}</text>`,
      bar(x(0), y, x(s.p99) - x(0), h, '#b9cdf0', 'p99'),
      bar(x(0), y, x(s.p90) - x(0), h, '#6f98db', 'p90'),
      bar(x(0), y, x(s.p50) - x(0), h, '#1f5fbf', 'p50'),
      `<path d="M${x(s.max).toFixed(1)} ${y - 2}v${h + 4}" stroke="#1d1d1d" stroke-width="2" class="lat-max"/>`,
      `<text x="${width - mr + 8}" y="${y + h / 2 + 4}" class="tl-tick">${fmt(s.p50)} / ${fmt(s.p90)} / ${fmt(s.p99)} / ${fmt(s.max)} (n=${s.count})</text>`,
    );
  });
  parts.push(
    `<text x="${ml + pw}" y="${height - 6}" text-anchor="end" class="tl-axis-label">latency, ms (send to end of response)</text>`,
    `<text x="${width - mr + 8}" y="${height - 6}" class="tl-axis-label">p50 / p90 / p99 / max</text>`,
  );
  return `<svg class="latency" width="100%" height="${height}" preserveAspectRatio="xMinYMin meet" viewBox="0 0 ${width} ${height}" role="img" aria-label="Latency percentiles">${parts.join('')}</svg>`;
}

function bar(x: number, y: number, w: number, h: number, fill: string, cls: string): string {
  return `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(0.5, w).toFixed(1)}" height="${h}" fill="${fill}" class="lat-${cls}"/>`;
}

function niceStep(span: number, target: number): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const r = raw / mag;
  return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
}

const tick = (v: number, st: number): string =>
  st >= 1 ? String(Math.round(v)) : v.toFixed(st >= 0.1 ? 1 : 2);

const fmt = (v: number): string => (v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
