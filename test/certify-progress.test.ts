import { describe, expect, it } from 'vitest';
import type { CertifyEvent } from '../src/certify/events';
import { createCertifyProgress, wantsLiveProgress } from '../src/cli/progress';

function capture(tty: boolean) {
  let text = '';
  let t = 0;
  const p = createCertifyProgress({ write: (s: string) => (text += s) }, { tty, now: () => t });
  return {
    emit: (e: CertifyEvent, at = t) => {
      t = at;
      p.onEvent(e);
    },
    finish: p.finish,
    text: () => text,
  };
}

const run: Array<[CertifyEvent, number]> = [
  [{ kind: 'phase-start', phase: 'conformance', detail: '58 operations' }, 0],
  [{ kind: 'conformance', done: 1, total: 100, operationId: 'getUser' }, 10],
  [{ kind: 'conformance', done: 2, total: 100, operationId: 'getUser' }, 20],
  [{ kind: 'conformance', done: 60, total: 100, operationId: 'createOrder' }, 6000],
  [{ kind: 'pause', phase: 'conformance', ms: 2500, reason: 'budget share spent' }, 6100],
  [{ kind: 'phase-end', phase: 'conformance', detail: '100 requests' }, 9000],
  [{ kind: 'phase-start', phase: 'limits' }, 9000],
  [{ kind: 'limits', event: { kind: 'probe-start', probe: 'exhaust', sources: ['127.0.0.2'] } }, 9100],
  [{ kind: 'limits', event: { kind: 'record', total: 31, limited: 1, failed: 0 } }, 9200],
  [
    {
      kind: 'limits',
      event: {
        kind: 'probe-end',
        outcome: { probe: 'exhaust', status: 'done', sources: ['127.0.0.2'], requests: 35, durationMs: 700 },
      },
    },
    9800,
  ],
  [{ kind: 'phase-skip', phase: 'capacity', reason: 'not requested' }, 9900],
];

describe('certify progress', () => {
  it('plain mode (CI, pipes): final lines only, no escape codes, conformance progress throttled', () => {
    const c = capture(false);
    for (const [e, at] of run) c.emit(e, at);
    c.finish();
    const text = c.text();
    expect(text.includes('\u001b') || text.includes('\r')).toBe(false);
    const lines = text.trim().split('\n');
    expect(lines).toEqual([
      '▶ conformance: 58 operations',
      '  conformance: 1/100 cases (getUser)',
      '  conformance: 60/100 cases (createOrder)',
      '  conformance: pausing 2.5 s (budget share spent)',
      '✔ conformance: 100 requests (9.0 s)',
      '▶ rate limit',
      '  probe exhaust: started',
      '  probe exhaust: done, 35 requests in 0.7 s',
      '- capacity: skipped (not requested)',
    ]);
  });

  it('terminal mode: a live status line redrawn in place with a bar, cleared at the end', () => {
    const c = capture(true);
    for (const [e, at] of run.slice(0, 4)) c.emit(e, at);
    const text = c.text();
    expect(text).toContain('\r\x1b[2K');
    expect(text).toMatch(/conformance \[#{12}-{8}\] 60\/100 createOrder/);
    // per-case progress is not printed as lines on a terminal
    expect(text).not.toContain('cases (getUser)');
    c.finish();
    expect(c.text().endsWith('\r\x1b[2K')).toBe(true);
  });

  it('terminal mode: the live line never wraps (it could not be redrawn in place)', () => {
    let text = '';
    const p = createCertifyProgress({ write: (s: string) => (text += s) }, { tty: true, columns: 40 });
    p.onEvent({ kind: 'conformance', done: 1, total: 9, operationId: 'x'.repeat(200) });
    p.finish();
    const drawn = text.split('\r\u001b[2K').filter(Boolean);
    expect(drawn.length).toBeGreaterThan(0);
    for (const d of drawn) expect(d.length).toBeLessThanOrEqual(40);
  });

  it('live progress only when both streams are terminals and CI is not set', () => {
    expect(wantsLiveProgress({}, true, true)).toBe(true);
    expect(wantsLiveProgress({ CI: 'true' }, true, true)).toBe(false);
    expect(wantsLiveProgress({}, false, true)).toBe(false);
  });
});
