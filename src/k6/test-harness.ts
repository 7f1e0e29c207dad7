/**
 * Test code only: runs a built k6 bundle inside Node with the k6 modules replaced by recording
 * stubs, against a fake fixed-window limiter on a fake clock. It is how the tests exercise the real
 * scenario code (bundle, options, checks, trace tags) without a k6 binary.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { formatHttpDate } from '../ratelimit/http-date';

export interface StubRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}
export interface StubResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
export interface Sample {
  metric: string;
  value: number;
  time: number;
  tags: Record<string, string>;
}
export interface CheckCall {
  name: string;
  ok: boolean;
  tags: Record<string, string>;
}

interface StubState {
  now: number;
  rttMs: number;
  vu: number;
  iterationInTest: number;
  scenarioStart: number;
  handler: (req: StubRequest) => StubResponse;
  samples: Sample[];
  checks: CheckCall[];
  warnings: string[];
  responseCallbackSet: boolean;
}

declare global {
  var __k6stub: StubState | undefined;
}

// Stub sources: just enough of k6's API for the scenarios, recording what they do.
const STUBS: Record<string, string> = {
  k6: `const s = () => globalThis.__k6stub;
export function check(val, sets, tags) { let all = true; for (const name of Object.keys(sets)) { const ok = !!sets[name](val); all = all && ok; s().checks.push({ name, ok, tags: tags || {} }); } return all; }
export function sleep(sec) { s().now += sec * 1000; }
export default { check, sleep };`,
  'k6/http': `const s = () => globalThis.__k6stub;
function request(method, url, body, params) {
  const st = s(); const headers = (params && params.headers) || {};
  const res = st.handler({ method, url, headers });
  const sent = st.now; st.now += st.rttMs;
  st.samples.push({ metric: 'http_req_duration', value: st.rttMs, time: st.now, tags: { method, url, status: String(res.status), name: (params && params.tags && params.tags.name) || url } });
  return { status: res.status, headers: res.headers, body: res.body, error: '', error_code: 0,
    timings: { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: st.rttMs, receiving: 0, duration: st.rttMs, sent } };
}
function batch(reqs) { const st = s(); const t0 = st.now; const out = reqs.map((r) => { st.now = t0; return request(r.method, r.url, null, r.params); }); st.now = t0 + st.rttMs; return out; }
function expectedStatuses() { return { expected: Array.from(arguments) }; }
function setResponseCallback(cb) { s().responseCallbackSet = !!cb; }
const http = { request, batch, expectedStatuses, setResponseCallback };
export default http;
export { request, batch, expectedStatuses, setResponseCallback };`,
  'k6/metrics': `export class Counter { constructor(name) { this.name = name; } add(value, tags) { const st = globalThis.__k6stub; st.samples.push({ metric: this.name, value, time: st.now, tags: Object.assign({}, tags || {}) }); } }
export class Trend { constructor(name) { this.name = name; } add() {} }
export class Rate { constructor(name) { this.name = name; } add() {} }`,
  'k6/execution': `const s = () => globalThis.__k6stub;
export default { get vu() { return { idInTest: s().vu }; }, get scenario() { return { startTime: s().scenarioStart, iterationInTest: s().iterationInTest }; } };`,
};

const stubPlugin: Plugin = {
  name: 'k6-stubs',
  setup(b) {
    b.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'k6stub' }));
    b.onLoad({ filter: /.*/, namespace: 'k6stub' }, (args) => ({ contents: STUBS[args.path], loader: 'js' }));
  },
};

export interface LoadedBundle {
  exports: Record<string, unknown>;
  state: StubState;
  /** Calls an exported function as one iteration (optionally at an arrival-rate index). */
  iterate(name: string, iterationInTest?: number): void;
  dispose(): void;
}

let loads = 0;

/**
 * Imports a built bundle with k6 stubbed. `env` becomes `__ENV`; Date.now follows the fake clock
 * while the bundle is loaded (call dispose() to restore it).
 */
export async function loadBundle(
  file: string,
  env: Record<string, string>,
  handler: (req: StubRequest) => StubResponse,
  startMs = Date.UTC(2026, 10, 29, 1, 0, 0),
): Promise<LoadedBundle> {
  const state: StubState = {
    now: startMs,
    rttMs: 2,
    vu: 1,
    iterationInTest: 0,
    scenarioStart: startMs,
    handler,
    samples: [],
    checks: [],
    warnings: [],
    responseCallbackSet: false,
  };
  globalThis.__k6stub = state;
  const realNow = Date.now;
  const realWarn = console.warn;
  Date.now = () => state.now;
  console.warn = (...args: unknown[]) => {
    state.warnings.push(args.map(String).join(' '));
  };
  (globalThis as Record<string, unknown>).__ENV = env;
  const dir = mkdtempSync(join(tmpdir(), 'pacer-k6-'));
  const out = join(dir, `bundle-${++loads}.mjs`);
  const dispose = (): void => {
    Date.now = realNow;
    console.warn = realWarn;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      plugins: [stubPlugin],
      logLevel: 'silent',
    });
    writeFileSync(out, result.outputFiles[0].text);
    const exports = (await import(pathToFileURL(out).href)) as Record<string, unknown>;
    return {
      exports,
      state,
      iterate(name, iterationInTest) {
        if (iterationInTest !== undefined) state.iterationInTest = iterationInTest;
        const fn = exports[name];
        if (typeof fn !== 'function') throw new Error(`bundle has no exported function ${name}`);
        (fn as () => void)();
      },
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** The k6 `--out json` lines for the recorded samples: one Metric line per metric, then Points. */
export function toK6JsonLines(samples: readonly Sample[], scenario: string): string[] {
  const lines: string[] = [];
  const declared = new Set<string>();
  for (const s of samples) {
    if (!declared.has(s.metric)) {
      declared.add(s.metric);
      const type = s.metric === 'pacer_trace' ? 'counter' : 'trend';
      lines.push(
        JSON.stringify({
          type: 'Metric',
          data: {
            name: s.metric,
            type,
            contains: type === 'trend' ? 'time' : 'default',
            thresholds: [],
            submetrics: null,
          },
          metric: s.metric,
        }),
      );
    }
    const time = new Date(s.time).toISOString().replace('Z', '123456Z');
    lines.push(
      JSON.stringify({
        metric: s.metric,
        type: 'Point',
        data: { time, value: s.value, tags: { group: '', scenario, ...s.tags } },
      }),
    );
  }
  return lines;
}

export interface LimiterOptions {
  limit: number;
  windowMs: number;
  /** Faults: per-endpoint buckets, trusting X-Forwarded-For, an extra admission, no Retry-After. */
  faults?: Array<'per-endpoint' | 'trust-xff' | 'admit-one-extra' | 'no-retry-after' | 'reset-in-ms'>;
}

/**
 * A fixed-window limiter (a window starts at a bucket's first request) answering in k6's canonical
 * header case, on the harness clock.
 */
export function fakeLimiter(opts: LimiterOptions): (req: StubRequest) => StubResponse {
  const buckets = new Map<string, { end: number; count: number }>();
  const faults = new Set(opts.faults ?? []);
  return (req) => {
    const now = globalThis.__k6stub?.now ?? Date.now();
    const path = new URL(req.url).pathname;
    let key = 'client';
    if (faults.has('trust-xff'))
      key = req.headers['X-Forwarded-For'] ?? req.headers['X-Real-IP'] ?? req.headers.Forwarded ?? key;
    if (faults.has('per-endpoint')) key += `|${path}`;
    let b = buckets.get(key);
    if (!b || now >= b.end) {
      b = { end: now + opts.windowMs, count: 0 };
      buckets.set(key, b);
    }
    b.count++;
    const allowed = opts.limit + (faults.has('admit-one-extra') ? 1 : 0);
    const admitted = b.count <= allowed;
    const resetSec = Math.ceil(b.end / 1000);
    const headers: Record<string, string> = {
      'X-Ratelimit-Limit': String(opts.limit),
      'X-Ratelimit-Remaining': String(Math.max(0, opts.limit - b.count)),
      'X-Ratelimit-Reset': faults.has('reset-in-ms') ? String(b.end) : String(resetSec),
      Date: formatHttpDate(now),
      'Content-Type': 'application/json',
    };
    if (admitted) return { status: 200, headers, body: '{"ok":true}' };
    const retry = Math.max(0, resetSec - Math.floor(now / 1000));
    if (!faults.has('no-retry-after')) headers['Retry-After'] = String(retry);
    const body = {
      error: 'Rate limit exceeded',
      message: 'Too many requests',
      retry_after: retry,
      limit: opts.limit,
      window: `${opts.windowMs / 1000} seconds`,
    };
    return { status: 429, headers, body: JSON.stringify(body) };
  };
}

/**
 * A synchronous handler that really sends each request with curl (k6's http.request blocks; Node
 * cannot without a child process), bound to `localAddress`, so a bundle can run against a live
 * server in another process. Header names come back as the server wrote them.
 */
export function curlHandler(localAddress: string): (req: StubRequest) => StubResponse {
  return (req) => {
    const args = ['-s', '-S', '-i', '--max-time', '5', '--interface', localAddress, '-X', req.method];
    for (const [name, value] of Object.entries(req.headers)) args.push('-H', `${name}: ${value}`);
    args.push(req.url);
    const r = spawnSync('curl', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`curl failed: ${r.stderr}`);
    const split = r.stdout.indexOf('\r\n\r\n');
    const head = r.stdout.slice(0, split).split('\r\n');
    const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head[0])?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
    }
    return { status, headers, body: r.stdout.slice(split + 4) };
  };
}
