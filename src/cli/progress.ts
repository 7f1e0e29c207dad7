import type { CertifyEvent, PhaseName } from '../certify/events';

interface Writable {
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Live line redrawn in place (spinner, bar); false: plain lines, for CI logs and pipes. */
  tty: boolean;
  /** Time source (tests). */
  now?: () => number;
  /** Terminal width: the live line is clipped to it (a wrapped line cannot be redrawn in place). */
  columns?: number;
}

/** TTY only when both ends are terminals and no CI is declared. */
export function wantsLiveProgress(env: NodeJS.ProcessEnv, stdoutTty: boolean, stderrTty: boolean): boolean {
  return stdoutTty && stderrTty && !env.CI;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const LABEL: Record<PhaseName, string> = {
  sandbox: 'target',
  conformance: 'conformance',
  limits: 'rate limit',
  boundary: 'reset boundary',
  capacity: 'capacity',
  reports: 'reports',
};
/** Plain mode prints conformance progress at most this often. */
const PLAIN_EVERY_MS = 5000;

/**
 * Terminal progress of `pacer certify`, per phase. On a terminal one status line is redrawn in
 * place (spinner, bar for the conformance cases, running probes); otherwise every line is final,
 * so a CI log reads top to bottom.
 */
export function createCertifyProgress(
  stream: Writable,
  options: ProgressOptions,
): { onEvent: (e: CertifyEvent) => void; finish: () => void } {
  const now = options.now ?? Date.now;
  let status = '';
  let live = false;
  let frame = 0;
  let lastPlain = Number.NEGATIVE_INFINITY;
  let phaseStarted = now();
  const running = new Set<string>();
  let requests = 0;
  let timer: NodeJS.Timeout | undefined;

  const clear = () => {
    if (live) stream.write('\r\x1b[2K');
    live = false;
  };
  const draw = () => {
    if (!options.tty || status === '') return;
    frame = (frame + 1) % SPINNER.length;
    const room = Math.max(20, (options.columns ?? 80) - 3);
    const text = status.length > room ? `${status.slice(0, room - 1)}…` : status;
    stream.write(`\r\x1b[2K${SPINNER[frame]} ${text}`);
    live = true;
  };
  const line = (text: string) => {
    clear();
    stream.write(`${text}\n`);
    draw();
  };
  const setStatus = (text: string) => {
    status = text;
    draw();
  };
  const elapsed = () => `${((now() - phaseStarted) / 1000).toFixed(1)} s`;

  if (options.tty) {
    timer = setInterval(draw, 120);
    timer.unref();
  }

  const onEvent = (e: CertifyEvent): void => {
    switch (e.kind) {
      case 'phase-start':
        phaseStarted = now();
        running.clear();
        requests = 0;
        line(`▶ ${LABEL[e.phase]}${e.detail ? `: ${e.detail}` : ''}`);
        setStatus(LABEL[e.phase]);
        break;
      case 'phase-end':
        status = '';
        line(`✔ ${LABEL[e.phase]}: ${e.detail} (${elapsed()})`);
        break;
      case 'phase-skip':
        line(`- ${LABEL[e.phase]}: skipped (${e.reason})`);
        break;
      case 'conformance': {
        const text = `conformance ${bar(e.done, e.total)} ${e.done}/${e.total} ${e.operationId ?? ''}`;
        if (options.tty) setStatus(text);
        else if (now() - lastPlain >= PLAIN_EVERY_MS) {
          lastPlain = now();
          line(`  conformance: ${e.done}/${e.total} cases${e.operationId ? ` (${e.operationId})` : ''}`);
        }
        break;
      }
      case 'pause':
        if (e.ms >= 1000) {
          const text = `  ${LABEL[e.phase]}: pausing ${(e.ms / 1000).toFixed(1)} s (${e.reason})`;
          if (options.tty) setStatus(text.trim());
          else line(text);
        }
        break;
      case 'limits':
        onLimits(e.event);
        break;
      case 'capacity-stage':
        line(
          `  capacity stage ${e.index + 1}/${e.total}: ${e.offeredRate} req/s offered, ${e.sent} sent, p99 ${e.p99Ms.toFixed(1)} ms`,
        );
        break;
    }
  };

  const onLimits = (e: Extract<CertifyEvent, { kind: 'limits' }>['event']): void => {
    switch (e.kind) {
      case 'preflight':
        line(
          `  target check: ${e.status === null ? `no answer (${e.error ?? 'error'})` : `HTTP ${e.status}`}`,
        );
        break;
      case 'probe-start':
        running.add(e.probe);
        if (!options.tty) line(`  probe ${e.probe}: started`);
        break;
      case 'probe-end': {
        const o = e.outcome;
        running.delete(o.probe);
        line(
          `  probe ${o.probe}: ${o.status}, ${o.requests} requests in ${(o.durationMs / 1000).toFixed(1)} s${o.reason ? ` (${o.reason})` : ''}`,
        );
        break;
      }
      case 'record':
        requests = e.total;
        if (options.tty)
          setStatus(
            `rate limit: ${requests} requests, ${e.limited} x 429 | running: ${[...running].join(', ') || '-'}`,
          );
        break;
      case 'evaluating':
        break;
    }
  };

  return {
    onEvent,
    finish() {
      if (timer) clearInterval(timer);
      status = '';
      clear();
    },
  };
}

function bar(done: number, total: number, width = 20): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.round(share * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
}
