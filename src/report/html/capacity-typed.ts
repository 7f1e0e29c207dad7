import type { CapacityResult } from '../../capacity/types';
import { escapeHtml as h } from '../escape';

const n1 = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–');
const pct = (v: number): string => `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 1)} %`;

function kv(rows: Array<[string, string]>): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</tbody></table>`;
}

/** The figures a capacity planner reads first, from a CapacityResult. */
export function capacityKeyFigures(c: CapacityResult): string {
  const usl = c.usl;
  const rows: Array<[string, string]> = [
    [
      'Sustainable throughput',
      `${n1(c.sustainableThroughput)} req/s${c.sustainableStage === null ? '' : ` (stage ${c.sustainableStage + 1})`}`,
    ],
    [
      'Partners supported',
      `${c.partnersSupported} at ${c.policy.limit} requests per ${c.policy.windowMs / 1000} s each (${n1(c.policy.perSourceRate)} req/s)`,
    ],
    [
      'Knee',
      c.knee.found
        ? `${c.knee.offeredRate} req/s offered (${n1(c.knee.throughput)} req/s achieved)`
        : `none: ${c.knee.reason}`,
    ],
    [
      'USL fit',
      usl.ok
        ? `σ ${usl.sigma.toExponential(3)}, κ ${usl.kappa.toExponential(3)}, λ ${usl.lambda.toFixed(3)}, R² ${usl.r2.toFixed(3)}` +
          (usl.peakLoad !== null
            ? `; peak ${n1(usl.peakThroughput ?? 0)} req/s at ${n1(usl.peakLoad)} req/s offered`
            : '')
        : `cannot fit: ${usl.reason}`,
    ],
    ["Little's law", c.littlesLaw.note],
    [
      'Generator CPU',
      `${Math.round(c.generator.cpuUserMs + c.generator.cpuSystemMs)} ms over ${n1(c.generator.wallMs / 1000)} s (${Math.round(c.generator.cpuPercent)} % of one core)`,
    ],
    ['Mix', `${c.mix.name}: ${c.mix.operations.join(', ')}`],
    [
      'Sources',
      c.sources.bypass ? 'rate limit bypassed (one source)' : `${c.sources.count} source addresses`,
    ],
  ];
  if (c.slo) {
    const s = c.highestStageMeetingSlo;
    rows.push([
      `Highest stage meeting ${c.slo.text}`,
      s ? `${s.offeredRate} req/s offered (${n1(s.throughput)} achieved)` : 'none',
    ]);
  }
  return kv(rows);
}

export function capacityStageTable(c: CapacityResult): string {
  const rows = c.stages.map((s) => {
    const knee = c.knee.found && c.knee.stageIndex === s.index ? ' <span class="tag">knee</span>' : '';
    const gen = s.generatorBehind ? `<b>behind</b> (${s.late} late, ${s.dropped} dropped)` : 'on time';
    const slo =
      s.meetsSlo === null
        ? ''
        : s.meetsSlo
          ? '<span class="badge b-pass">met</span>'
          : '<span class="badge b-fail">missed</span>';
    return (
      `<tr><td class="num">${s.index + 1}${knee}</td><td class="num">${s.offeredRate}</td><td class="num">${n1(s.goodput)}</td>` +
      `<td class="num">${n1(s.latencyMs.p50)}</td><td class="num">${n1(s.latencyMs.p90)}</td><td class="num">${n1(s.latencyMs.p99)}</td>` +
      `<td class="num">${n1(s.latencyMs.p999)}</td><td class="num">${pct(s.errorRate)}</td><td class="num">${pct(s.rateLimitedRate)}</td>` +
      `<td>${slo}</td><td>${gen}</td></tr>`
    );
  });
  return (
    '<div class="scroll"><table class="stages"><thead><tr><th>Stage</th><th>Offered req/s</th><th>Goodput req/s</th>' +
    '<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>Errors</th><th>429</th><th>SLO</th><th>Generator</th>' +
    `</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

export function capacityBaseline(c: CapacityResult): string {
  const b = c.baseline;
  if (!b) return '';
  const rows = b.items.map((i) => {
    const change = i.changePct === null ? '–' : `${i.changePct >= 0 ? '+' : ''}${i.changePct.toFixed(1)} %`;
    const flag = i.regression ? '<span class="badge b-fail">regression</span>' : '';
    return `<tr><td>${h(i.metric)}</td><td class="num">${i.baseline ?? '–'}</td><td class="num">${i.current ?? '–'}</td><td class="num">${change}</td><td>${flag}</td></tr>`;
  });
  return (
    `<h4>Against baseline ${h(b.file)}: ${b.regressions === 0 ? 'no regression' : `${b.regressions} regression(s)`}</h4>` +
    `<table><thead><tr><th>Metric</th><th>Baseline</th><th>Current</th><th>Change</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}
