import { burstProbe } from './burst';
import { exhaustProbe } from './exhaust';
import { hammerProbe } from './hammer';
import { mixedEndpointsProbe } from './mixed-endpoints';
import { PROBE, type ProbeName } from './names';
import { resetBoundaryProbe } from './reset-boundary';
import { retryAfterProbe } from './retry-after';
import { spoofProbe } from './spoof';
import { steadyProbe } from './steady';
import { twoIpsProbe } from './two-ips';
import { twoKeysProbe } from './two-keys';
import type { ProbeDefinition } from './types';
import { wrongKeyProbe } from './wrong-key';

export type { ClockOffset } from './clock-offset';
export { estimateClockOffset } from './clock-offset';
export type { ProbeContext, ProbeDefinition, ProbeEngine, ProbeOperation } from './types';

const one = () => 1;
const two = () => 2;

/** Every probe, in the order a single-source run executes them. */
export const PROBES: readonly ProbeDefinition[] = [
  { name: PROBE.exhaust, sources: 1, needsSecondaryKey: false, windows: one, run: exhaustProbe },
  { name: PROBE.burst, sources: 1, needsSecondaryKey: false, windows: one, run: burstProbe },
  { name: PROBE.resetBoundary, sources: 1, needsSecondaryKey: false, windows: two, run: resetBoundaryProbe },
  { name: PROBE.retryAfter, sources: 1, needsSecondaryKey: false, windows: two, run: retryAfterProbe },
  { name: PROBE.hammer, sources: 1, needsSecondaryKey: false, windows: two, run: hammerProbe },
  { name: PROBE.twoIps, sources: 2, needsSecondaryKey: false, windows: one, run: twoIpsProbe },
  { name: PROBE.twoKeys, sources: 1, needsSecondaryKey: true, windows: one, run: twoKeysProbe },
  { name: PROBE.wrongKey, sources: 1, needsSecondaryKey: false, windows: one, run: wrongKeyProbe },
  {
    name: PROBE.mixedEndpoints,
    sources: 1,
    needsSecondaryKey: false,
    windows: one,
    run: mixedEndpointsProbe,
  },
  { name: PROBE.spoof, sources: 1, needsSecondaryKey: false, windows: one, run: spoofProbe },
  {
    name: PROBE.steady,
    sources: 1,
    needsSecondaryKey: false,
    windows: (c) => c.steadyWindows,
    run: steadyProbe,
  },
];

export const PROBE_NAMES: readonly ProbeName[] = PROBES.map((p) => p.name);
