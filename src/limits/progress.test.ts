import { describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { evaluateRateLimitChecks, selectChecks } from './evaluate-checks';
import { partnerPolicy } from './policy-for';
import { createProgressPrinter } from './progress';
import { formatVerdictTable } from './verdict-table';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (t: string) => chunks.push(t) } };
}

describe('progress printer', () => {
  const outcome = {
    probe: 'exhaust',
    status: 'done' as const,
    sources: ['127.0.0.2'],
    requests: 25,
    durationMs: 1234,
  };

  it('prints one plain line per probe event when not on a terminal', () => {
    const { chunks, stream } = sink(false);
    const p = createProgressPrinter(stream);
    p.onEvent({ kind: 'probe-start', probe: 'exhaust', sources: ['127.0.0.2'] });
    p.onEvent({ kind: 'record', total: 1, limited: 0, failed: 0 });
    p.onEvent({ kind: 'probe-end', outcome });
    p.onEvent({
      kind: 'probe-end',
      outcome: {
        ...outcome,
        probe: 'two-keys',
        status: 'skipped',
        requests: 0,
        reason: 'needs a second API key',
      },
    });
    p.finish();
    expect(chunks).toEqual([
      'probe exhaust: started (source 127.0.0.2)\n',
      'probe exhaust: done, 25 requests in 1.2 s\n',
      'probe two-keys: skipped (needs a second API key)\n',
    ]);
    expect(chunks.join('')).not.toContain('\r');
  });

  it('keeps a live status line on a terminal, redrawn at most every 100 ms, cleared at the end', async () => {
    const { chunks, stream } = sink(true);
    const p = createProgressPrinter(stream);
    p.onEvent({ kind: 'probe-start', probe: 'burst', sources: [null] });
    p.onEvent({ kind: 'record', total: 3, limited: 0, failed: 0 });
    expect(chunks.join('')).not.toContain('3 requests');
    await new Promise((r) => setTimeout(r, 120));
    p.onEvent({ kind: 'record', total: 7, limited: 2, failed: 1 });
    p.finish();
    const text = chunks.join('');
    expect(text).toContain('probe burst: started (source default)\n');
    const clear = '\r\u001b[2K';
    expect(text).toContain(`${clear}  7 requests, 2 limited, 1 errors | running: burst`);
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });
});

describe('check selection and the verdict table', () => {
  it('refuses unknown ids in --checks and --exclude-checks', () => {
    expect(() => selectChecks({ checks: ['RL-NOPE'] })).toThrow(PacerError);
    expect(() => selectChecks({ excludeChecks: ['RL-NOPE'] })).toThrow(/--exclude-checks/);
  });

  it('runs only the chosen checks, minus the excluded ones', () => {
    const all = selectChecks({}).map((c) => c.id);
    expect(all.length).toBeGreaterThan(10);
    expect(selectChecks({ checks: [all[0], all[1]], excludeChecks: [all[1]] }).map((c) => c.id)).toEqual([
      all[0],
    ]);
    const verdicts = evaluateRateLimitChecks([], partnerPolicy(20, 4000), null, { excludeChecks: [all[0]] });
    expect(verdicts.map((v) => v.checkId)).toEqual(all.slice(1));
    // No records: nothing can be judged, and nothing claims a pass.
    expect(verdicts.filter((v) => v.outcome === 'pass')).toEqual([]);
    const table = formatVerdictTable(verdicts);
    expect(table.split('\n')[0]).toMatch(/^check\s+outcome\s+severity\s+reason$/);
    expect(table).toContain(`${verdicts.length} skip`);
  });
});
