/**
 * The probes of src/probes/README.md replayed against SimTrace (test code only): the same traffic
 * shapes, each probe on its own source address, so the checks can be run over a whole simulated run.
 */
import { parseRetryAfter } from '../../ratelimit/headers';
import { parseHttpDate } from '../../ratelimit/http-date';
import type { TraceRecord } from '../../trace/types';
import type { SendOptions, SimTrace } from './test-helpers';

const until429 = (sim: SimTrace, probe: string, opts: SendOptions, max: number): TraceRecord[] => {
  const out: TraceRecord[] = [];
  for (let i = 0; i < max; i++) {
    const r = sim.send(probe, opts);
    out.push(r);
    if (r.status === 429) break;
  }
  return out;
};

/** Local epoch ms of the advertised reset of `r` (epoch seconds), or null. */
const resetLocal = (r: TraceRecord, offsetMs: number): number | null => {
  const n = Number(r.headers.reset);
  return Number.isInteger(n) && n > 1e9 && n < 1e10 ? n * 1000 - offsetMs : null;
};

export const probes = {
  exhaust(sim: SimTrace): void {
    sim.sendMany('exhaust', sim.policy.limit + 5, { source: '127.0.0.10' });
  },
  burst(sim: SimTrace): void {
    sim.burst('burst', 2 * sim.policy.limit, { source: '127.0.0.11' });
  },
  resetBoundary(sim: SimTrace, offsetMs = 0): void {
    const opts = { source: '127.0.0.12' };
    const rs = until429(sim, 'reset-boundary', opts, sim.policy.limit + 5);
    const reset = resetLocal(rs[rs.length - 1], offsetMs) ?? sim.now + sim.policy.windowMs;
    sim.wait(Math.max(0, reset - 1500 - sim.now));
    const deadline = reset + 3000;
    let after = -1;
    while (sim.now < deadline && after < 2) {
      const r = sim.send('reset-boundary', opts);
      if (after >= 0 || r.status !== 429) after++;
      if (after < 0) sim.wait(20);
    }
  },
  retryAfter(sim: SimTrace): void {
    const opts = { source: '127.0.0.13' };
    const rs = until429(sim, 'retry-after', opts, sim.policy.limit + 5);
    const last = rs[rs.length - 1];
    if (last.status !== 429) return;
    const ra = parseRetryAfter(last.headers.retryAfter, parseHttpDate(last.headers.date));
    sim.wait(ra.ok ? Math.min(ra.delayMs, 3 * sim.policy.windowMs) : sim.policy.windowMs);
    sim.send('retry-after', opts);
  },
  hammer(sim: SimTrace): void {
    const opts = { source: '127.0.0.14' };
    until429(sim, 'hammer', opts, sim.policy.limit + 5);
    const deadline = sim.now + sim.policy.windowMs + 3000;
    while (sim.now < deadline) {
      sim.wait(100);
      if (sim.send('hammer', opts).status !== 429) break;
    }
  },
  twoIps(sim: SimTrace): void {
    until429(sim, 'two-ips', { source: '127.0.0.15' }, sim.policy.limit + 5);
    sim.sendMany('two-ips', 3, { source: '127.0.0.16' });
  },
  twoKeys(sim: SimTrace): void {
    for (let i = 0; i < sim.policy.limit + 5; i++) {
      sim.send('two-keys', { source: '127.0.0.17', keyLabel: i % 2 === 0 ? 'primary' : 'secondary' });
    }
  },
  wrongKey(sim: SimTrace): void {
    const source = '127.0.0.18';
    sim.sendMany('wrong-key', 5, { source, keyLabel: 'wrong' });
    sim.sendMany('wrong-key', 5, { source, keyLabel: 'none' });
    until429(sim, 'wrong-key', { source }, sim.policy.limit + 5);
  },
  mixedEndpoints(sim: SimTrace): void {
    const ops = ['getBalances', 'getExchangeRate', 'getTransactionHistory'];
    for (let i = 0; i < sim.policy.limit + 5; i++) {
      sim.send('mixed-endpoints', { source: '127.0.0.19', operationId: ops[i % ops.length] });
    }
  },
  spoof(sim: SimTrace): void {
    const source = '127.0.0.20';
    until429(sim, 'spoof', { source }, sim.policy.limit + 5);
    const names = ['X-Forwarded-For', 'X-Real-IP', 'Forwarded'];
    for (let i = 0; i < 9; i++) {
      const name = names[i % 3];
      const ip = `203.0.113.${i + 1}`;
      sim.send('spoof', { source, requestHeaders: { [name]: name === 'Forwarded' ? `for=${ip}` : ip } });
    }
  },
  steady(sim: SimTrace, windows = 3): void {
    const interval = sim.policy.windowMs / (0.95 * sim.policy.limit);
    const n = Math.floor((windows * sim.policy.windowMs) / interval);
    for (let i = 0; i < n; i++) {
      const before = sim.now;
      sim.send('steady', { source: '127.0.0.21' });
      sim.wait(interval - (sim.now - before));
    }
  },
};

/** Every probe once, in README order. */
export function runAllProbes(sim: SimTrace, offsetMs = 0): TraceRecord[] {
  probes.exhaust(sim);
  probes.burst(sim);
  probes.resetBoundary(sim, offsetMs);
  probes.retryAfter(sim);
  probes.hammer(sim);
  probes.twoIps(sim);
  probes.twoKeys(sim);
  probes.wrongKey(sim);
  probes.mixedEndpoints(sim);
  probes.spoof(sim);
  probes.steady(sim);
  return sim.records;
}
