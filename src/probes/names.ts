/**
 * Probe names as written in TraceRecord.probe. Rate-limit checks select their records by these
 * names, and the k6 scenarios tag their samples with the same names, so both engines feed the same
 * checks. Never rename one without the other side.
 */
export const PROBE = {
  exhaust: 'exhaust',
  burst: 'burst',
  resetBoundary: 'reset-boundary',
  retryAfter: 'retry-after',
  hammer: 'hammer',
  twoIps: 'two-ips',
  twoKeys: 'two-keys',
  wrongKey: 'wrong-key',
  mixedEndpoints: 'mixed-endpoints',
  spoof: 'spoof',
  steady: 'steady',
} as const;

export type ProbeName = (typeof PROBE)[keyof typeof PROBE];

/**
 * Name of the one request `pacer limits` sends before the probes to see the target answers. Not a
 * probe (no check selects it by name), but its record is ordinary traffic for the any-response checks.
 */
export const PREFLIGHT_PROBE = 'preflight';
