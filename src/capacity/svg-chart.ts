import { escapeXml } from '../report/escape';

/** A tiny dependency-free SVG line/scatter chart (inline in HTML/Markdown reports, no scripts). */
export interface Series {
  label: string;
  color: string;
  points: ReadonlyArray<{ x: number; y: number }>;
  /** `line` joins the points, `dots` marks them, `both` does both. */
  style: 'line' | 'dots' | 'both';
  dashed?: boolean;
}

export interface Marker {
  x: number;
  y: number;
  label: string;
  color: string;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  markers?: Marker[];
  /** Horizontal reference lines (e.g. an SLO threshold). */
  hLines?: Array<{ y: number; label: string; color: string }>;
  width?: number;
  height?: number;
}

const PAD = { left: 60, right: 16, top: 28, bottom: 44 };

export function renderChart(spec: ChartSpec): string {
  const width = spec.width ?? 560;
  const height = spec.height ?? 300;
  const all = spec.series.flatMap((s) => s.points).concat(spec.markers ?? []);
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y).concat((spec.hLines ?? []).map((h) => h.y));
  const xMax = niceCeil(Math.max(1e-9, ...xs));
  const yMax = niceCeil(Math.max(1e-9, ...ys) * 1.05);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const sx = (x: number): number => PAD.left + (x / xMax) * plotW;
  const sy = (y: number): number => PAD.top + plotH - (Math.min(y, yMax) / yMax) * plotH;
  const f = (v: number): string => v.toFixed(1);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(spec.title)}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<title>${escapeXml(spec.title)}</title>`);
  out.push(
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(spec.title)}</text>`,
  );
  // grid and ticks
  for (let i = 0; i <= 5; i++) {
    const yv = (yMax * i) / 5;
    const xv = (xMax * i) / 5;
    out.push(
      `<line x1="${PAD.left}" y1="${f(sy(yv))}" x2="${width - PAD.right}" y2="${f(sy(yv))}" stroke="#e5e5e5"/>`,
    );
    out.push(`<text x="${PAD.left - 6}" y="${f(sy(yv) + 4)}" text-anchor="end">${tick(yv)}</text>`);
    out.push(
      `<text x="${f(sx(xv))}" y="${height - PAD.bottom + 16}" text-anchor="middle">${tick(xv)}</text>`,
    );
  }
  out.push(
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${width - PAD.right}" y2="${PAD.top + plotH}" stroke="#333"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + plotH}" stroke="#333"/>`,
    `<text x="${PAD.left + plotW / 2}" y="${height - 8}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text transform="translate(14 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  );
  for (const h of spec.hLines ?? []) {
    out.push(
      `<line x1="${PAD.left}" y1="${f(sy(h.y))}" x2="${width - PAD.right}" y2="${f(sy(h.y))}" stroke="${h.color}" stroke-dasharray="2 3"/>`,
      `<text x="${width - PAD.right - 4}" y="${f(sy(h.y) - 4)}" text-anchor="end" fill="${h.color}">${escapeXml(h.label)}</text>`,
    );
  }
  for (const s of spec.series) {
    const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    if (s.style !== 'dots' && pts.length > 1) {
      const d = pts.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ');
      out.push(
        `<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      );
    }
    if (s.style !== 'line') {
      for (const p of pts)
        out.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="3.5" fill="${s.color}"/>`);
    }
  }
  for (const m of spec.markers ?? []) {
    out.push(
      `<circle cx="${f(sx(m.x))}" cy="${f(sy(m.y))}" r="8" fill="none" stroke="${m.color}" stroke-width="2"/>`,
      `<text x="${f(sx(m.x))}" y="${f(sy(m.y) - 12)}" text-anchor="middle" fill="${m.color}" font-weight="bold">${escapeXml(m.label)}</text>`,
    );
  }
  // legend
  spec.series.forEach((s, i) => {
    const y = PAD.top + 6 + i * 14;
    out.push(
      `<line x1="${PAD.left + 8}" y1="${y}" x2="${PAD.left + 26}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${PAD.left + 30}" y="${y + 4}">${escapeXml(s.label)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

function niceCeil(v: number): number {
  const exp = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}

function tick(v: number): string {
  if (v === 0) return '0';
  if (v >= 1000) return `${+(v / 1000).toFixed(1)}k`;
  return String(+v.toFixed(v < 10 ? 2 : 0));
}
