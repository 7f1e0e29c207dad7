import type { ProbeOutcome } from './run-probes';

export type ProgressEvent =
  | { kind: 'preflight'; status: number | null; error?: string }
  | { kind: 'probe-start'; probe: string; sources: ReadonlyArray<string | null> }
  | { kind: 'probe-end'; outcome: ProbeOutcome }
  | { kind: 'record'; total: number; limited: number; failed: number }
  | { kind: 'evaluating' };

interface Writable {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Prints progress: a line per probe event when the stream is not a terminal (CI logs), one live
 * status line redrawn in place on a terminal.
 */
export function createProgressPrinter(stream: Writable): {
  onEvent: (e: ProgressEvent) => void;
  finish: () => void;
} {
  const tty = stream.isTTY === true;
  const running = new Set<string>();
  let counts = { total: 0, limited: 0, failed: 0 };
  let live = false;
  let lastDraw = 0;
  const clearLive = () => {
    if (live) stream.write('\r\x1b[2K');
    live = false;
  };
  const drawLive = () => {
    const probes = [...running].join(', ') || '-';
    stream.write(
      `\r\x1b[2K  ${counts.total} requests, ${counts.limited} limited, ${counts.failed} errors | running: ${probes}`,
    );
    live = true;
    lastDraw = Date.now();
  };
  const line = (text: string) => {
    clearLive();
    stream.write(`${text}\n`);
    if (tty) drawLive();
  };
  return {
    onEvent(e) {
      switch (e.kind) {
        case 'preflight':
          line(
            e.status === null
              ? `target check: no answer (${e.error ?? 'error'})`
              : `target check: HTTP ${e.status}`,
          );
          break;
        case 'probe-start':
          running.add(e.probe);
          line(`probe ${e.probe}: started (source ${e.sources.map((s) => s ?? 'default').join(', ')})`);
          break;
        case 'probe-end': {
          running.delete(e.outcome.probe);
          const o = e.outcome;
          const why = o.reason ? ` (${o.reason})` : '';
          if (o.status === 'skipped') line(`probe ${o.probe}: skipped${why}`);
          else
            line(
              `probe ${o.probe}: ${o.status}, ${o.requests} requests in ${(o.durationMs / 1000).toFixed(1)} s${why}`,
            );
          break;
        }
        case 'record':
          counts = { total: e.total, limited: e.limited, failed: e.failed };
          if (tty && Date.now() - lastDraw > 100) drawLive();
          break;
        case 'evaluating':
          line('evaluating checks');
          break;
      }
    },
    finish: clearLive,
  };
}
