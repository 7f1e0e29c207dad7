import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/conform/runner';
import type { ConformProgress } from '../src/conform/types';
import { DEMO_API_KEY, startSandbox } from '../src/sandbox/index';

/** Tight limit, short window: the runner must pause for resets and never cause a 429. */
describe('budget-aware pacing against the sandbox', () => {
  it('spends at most the share per window per source, pauses for the reset, causes no 429', async () => {
    const sandbox = await startSandbox({ limit: 12, windowMs: 2000, seed: 5 });
    const pauses: ConformProgress[] = [];
    try {
      const result = await runConformance({
        target: sandbox.url,
        apiKey: DEMO_API_KEY,
        operations: ['getPartnerBalances', 'getPartnerTransactionHistory', 'getOrderRates', 'getNetworkFee'],
        budget: 0.5,
        sourceIps: ['127.0.0.2', '127.0.0.3'],
        seed: 2,
        onProgress: (p) => {
          if (p.phase === 'pause') pauses.push(p);
        },
      });
      expect(result.stats.requests).toBeGreaterThan(12);
      expect(result.stats.tooManyRequests).toBe(0);
      expect(result.records.filter((r) => r.status === 429)).toEqual([]);
      expect(pauses.length).toBeGreaterThan(0);
      const truth = sandbox.truth();
      for (const w of truth.windows)
        expect(w.admitted + w.rejected, `window of ${w.ip}`).toBeLessThanOrEqual(6);
      expect(new Set(truth.windows.map((w) => w.ip))).toEqual(new Set(['127.0.0.2', '127.0.0.3']));
      expect(new Set(result.records.map((r) => r.source))).toEqual(new Set(['127.0.0.2', '127.0.0.3']));
      expect(result.verdicts.find((v) => v.checkId === 'CT-NO-429' && v.outcome !== 'pass')).toBeUndefined();
    } finally {
      await sandbox.close();
    }
  });
});
