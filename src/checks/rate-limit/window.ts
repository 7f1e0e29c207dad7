/**
 * The first rate-limit window of a sequential probe: which records fell inside it. The server says
 * so itself: every response carrying the first response's Reset value was counted in that window,
 * and so was every record sent before the last such response (a sequential probe's windows are
 * contiguous). Past that, a record without a readable Reset counts as inside only when it was
 * handled clearly before the window's end (timing tolerance); one with another Reset is not.
 */
import type { RateLimitPolicy } from '../../policy/types';
import type { TraceRecord } from '../../trace/types';
import { resetOf, rttMs, serverAtMs, toleranceMs } from './records';

export interface FirstWindow {
  /** Records counted in the first window, in seq order. */
  inside: TraceRecord[];
  /** Records too close to the end to tell which window counted them. */
  ambiguous: TraceRecord[];
  /** Server-clock epoch ms the window ends. */
  endMs: number;
  /** How the end was found, for evidence. */
  basis: string;
}

export function firstWindow(
  records: readonly TraceRecord[],
  policy: RateLimitPolicy,
  offsetMs: number,
): FirstWindow | null {
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const first = sorted.find((r) => r.status !== null);
  if (!first) return null;
  const start = serverAtMs(first, offsetMs);
  let endMs = start + policy.windowMs;
  let basis = 'first request + policy window';
  const reset = resetOf(first, policy).resetEpochMs;
  const plausible = reset !== null && reset > start - 1000 && reset <= start + policy.windowMs + 1000;
  if (plausible) {
    endMs = reset;
    basis = `advertised Reset of seq ${first.seq}`;
  }
  let lastSame = -1;
  if (plausible) {
    sorted.forEach((r, i) => {
      if (resetOf(r, policy).resetEpochMs === reset) lastSame = i;
    });
  }
  const inside: TraceRecord[] = sorted.slice(0, lastSame + 1);
  const ambiguous: TraceRecord[] = [];
  for (const r of sorted.slice(lastSame + 1)) {
    const own = resetOf(r, policy).resetEpochMs;
    if (plausible && own !== null && own !== reset) break;
    const at = serverAtMs(r, offsetMs);
    const tol = toleranceMs(policy, rttMs(r));
    if (at < endMs - tol) inside.push(r);
    else if (at < endMs + tol) ambiguous.push(r);
    else break;
  }
  return { inside, ambiguous, endMs, basis };
}
