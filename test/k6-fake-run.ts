/**
 * Test code only: the k6 run the bundle and scenario tests share (limit 10 per 10 s from the
 * environment, an API key that must never leak), so both judge the same bundles under the same
 * settings.
 */
import { afterEach, beforeAll } from 'vitest';
import { createK6TestRun, type K6TestRun } from '../src/k6/test-run';

export const LIMIT = 10;
export const WINDOW_MS = 10_000;
export const SECRET = 'sk-test-must-not-leak-42';

/** Creates the run and registers its hooks in the calling file: build once, dispose after each test. */
export function useFakeK6Run(): K6TestRun {
  const run = createK6TestRun({
    limit: LIMIT,
    windowMs: WINDOW_MS,
    env: {
      PACER_TARGET: 'http://sandbox.test:8080',
      PACER_API_KEY: SECRET,
      PACER_LIMIT: String(LIMIT),
      PACER_WINDOW: '10s',
      PACER_REPORT_DIR: 'out/reports',
    },
  });
  beforeAll(() => run.build());
  afterEach(() => run.dispose());
  return run;
}
