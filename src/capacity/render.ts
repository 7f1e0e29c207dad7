import { escapeXml } from '../report/escape';
import { renderChart } from './svg-chart';
import type { CapacityResult } from './types';
import { uslThroughput } from './usl';

/** Throughput vs offered load: measured goodput, the ideal line, the USL curve, the knee. */
export function renderThroughputSvg(result: CapacityResult): string {
  const pts = result.stages.map((s) => ({ x: s.offeredRate, y: s.goodput }));
  const maxX = Math.max(1, ...pts.map((p) => p.x));
  const series = [
    {
      label: 'ideal (throughput = load)',
      color: '#9e9e9e',
      points: [
        { x: 0, y: 0 },
        { x: maxX, y: maxX },
      ],
      style: 'line' as const,
      dashed: true,
    },
    { label: 'measured goodput', color: '#1f77b4', points: pts, style: 'both' as const },
  ];
  const usl = result.usl;
  if (usl.ok) {
    const curve = Array.from({ length: 61 }, (_, i) => {
      const x = (maxX * (i + 0.5)) / 60;
      return { x, y: uslThroughput(x, usl.sigma, usl.kappa, usl.lambda) };
    });
    series.push({
      label: `USL fit (R² ${usl.r2.toFixed(3)})`,
      color: '#d62728',
      points: curve,
      style: 'line' as const,
      dashed: false,
    });
  }
  const markers = result.knee.found
    ? [{ x: result.knee.offeredRate, y: result.knee.throughput, label: 'knee', color: '#ff7f0e' }]
    : [];
  return renderChart({
    title: 'Throughput vs offered load',
    xLabel: 'offered load (req/s)',
    yLabel: 'goodput (req/s)',
    series,
    markers,
  });
}

/** Latency percentiles (from intended send time) vs offered load, with the SLO threshold. */
export function renderLatencySvg(result: CapacityResult): string {
  const line = (key: 'p50' | 'p90' | 'p99' | 'p999', color: string) => ({
    label: key === 'p999' ? 'p99.9' : key,
    color,
    points: result.stages.map((s) => ({ x: s.offeredRate, y: s.latencyMs[key] })),
    style: 'both' as const,
  });
  const markers = result.knee.found
    ? [
        {
          x: result.knee.offeredRate,
          y: result.stages[result.knee.stageIndex]?.latencyMs.p99 ?? 0,
          label: 'knee',
          color: '#ff7f0e',
        },
      ]
    : [];
  return renderChart({
    title: 'Latency percentiles vs offered load',
    xLabel: 'offered load (req/s)',
    yLabel: 'latency (ms)',
    series: [line('p50', '#2ca02c'), line('p90', '#1f77b4'), line('p99', '#d62728'), line('p999', '#9467bd')],
    markers,
    hLines: result.slo
      ? [{ y: result.slo.thresholdMs, label: `SLO ${result.slo.text}`, color: '#ff7f0e' }]
      : [],
  });
}

/** Both charts as inline SVG figures (no scripts, no external resources). */
export function renderCapacitySvg(result: CapacityResult): string {
  return [
    `<figure class="pacer-capacity">${renderThroughputSvg(result)}<figcaption>${escapeXml(kneeCaption(result))}</figcaption></figure>`,
    `<figure class="pacer-capacity">${renderLatencySvg(result)}<figcaption>Latency is measured from each request's intended send time (no coordinated omission).</figcaption></figure>`,
  ].join('\n');
}

function kneeCaption(result: CapacityResult): string {
  return result.knee.found ? result.knee.note : `No knee: ${result.knee.reason}`;
}

const n0 = (v: number): string => v.toFixed(0);
const n1 = (v: number): string => v.toFixed(1);

export function renderCapacityMarkdown(result: CapacityResult): string {
  const out: string[] = [];
  out.push('## Capacity', '');
  out.push(
    `Target \`${result.target}\`, mix \`${result.mix.name}\` (${result.mix.operations.length} operations), ${result.stages.length} stages, ${result.sources.bypass ? 'rate limit bypassed (one source)' : `${result.sources.count} source addresses`}.`,
    '',
  );
  out.push('| | |', '|---|---|');
  out.push(
    `| Sustainable throughput | **${n1(result.sustainableThroughput)} req/s**${result.sustainableStage !== null ? ` (stage ${result.sustainableStage + 1})` : ''} |`,
  );
  out.push(
    `| Partners supported | **${result.partnersSupported}** at ${result.policy.limit} req / ${result.policy.windowMs / 1000} s each (${n1(result.policy.perSourceRate)} req/s) |`,
  );
  out.push(
    `| Knee | ${result.knee.found ? `${result.knee.offeredRate} req/s offered (${n1(result.knee.throughput)} req/s achieved)` : `none: ${result.knee.reason}`} |`,
  );
  if (result.slo) {
    const s = result.highestStageMeetingSlo;
    out.push(
      `| Highest stage meeting SLO \`${result.slo.text}\` | ${s ? `${s.offeredRate} req/s (${n1(s.throughput)} achieved)` : 'none'} |`,
    );
  }
  const usl = result.usl;
  out.push(
    usl.ok
      ? `| USL fit | σ = ${usl.sigma.toExponential(3)}, κ = ${usl.kappa.toExponential(3)}, λ = ${usl.lambda.toFixed(3)}; R² = ${usl.r2.toFixed(3)}; ${usl.peakLoad !== null ? `peak ${n1(usl.peakThroughput ?? 0)} req/s at ${n0(usl.peakLoad)} req/s offered` : usl.peakThroughput !== null ? `no peak; asymptote ${n1(usl.peakThroughput)} req/s` : 'no limit within the model'} (load = offered req/s) |`
      : `| USL fit | ${usl.reason} |`,
  );
  out.push(`| Little's law | ${result.littlesLaw.note} |`);
  const g = result.generator;
  out.push(
    `| Generator CPU | ${n0(g.cpuUserMs + g.cpuSystemMs)} ms over ${n1(g.wallMs / 1000)} s (${n0(g.cpuPercent)} % of one core) |`,
  );
  out.push('');
  out.push(
    '| Stage | Offered | Goodput | p50 | p90 | p99 | p99.9 | Errors | 429 | In flight (meas./L=λW) | Generator |',
  );
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const s of result.stages) {
    const flag = s.generatorBehind ? `**behind** (${s.late} late, ${s.dropped} dropped)` : 'on time';
    const knee = result.knee.found && result.knee.stageIndex === s.index ? ' ◆ knee' : '';
    out.push(
      `| ${s.index + 1}${knee} | ${s.offeredRate} | ${n1(s.goodput)} | ${n1(s.latencyMs.p50)} | ${n1(s.latencyMs.p90)} | ${n1(s.latencyMs.p99)} | ${n1(s.latencyMs.p999)} | ${pct(s.errorRate)} | ${pct(s.rateLimitedRate)} | ${n1(s.concurrency.measured)} / ${n1(s.concurrency.predicted)} | ${flag} |`,
    );
  }
  out.push('', 'Latencies in ms, measured from the intended send time.');
  if (result.baseline) {
    const b = result.baseline;
    out.push(
      '',
      `### Against baseline \`${b.file}\`: ${b.regressions === 0 ? 'no regression' : `**${b.regressions} regression(s)**`}`,
      '',
    );
    out.push('| Metric | Baseline | Current | Change | |', '|---|---:|---:|---:|---|');
    for (const i of b.items) {
      const change = i.changePct === null ? '–' : `${i.changePct >= 0 ? '+' : ''}${i.changePct.toFixed(1)} %`;
      out.push(
        `| ${i.metric} | ${fmt(i.baseline)} | ${fmt(i.current)} | ${change} | ${i.regression ? '**REGRESSION**' : ''} |`,
      );
    }
  }
  if (result.notes.length > 0) {
    out.push('', '**Notes**', '');
    for (const n of result.notes) out.push(`- ${n}`);
  }
  return `${out.join('\n')}\n`;
}

const pct = (v: number): string => `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 1)} %`;
const fmt = (v: number | null): string => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(1));
