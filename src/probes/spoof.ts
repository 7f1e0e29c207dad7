import { exhaust, probeSend } from './common';
import { PROBE } from './names';
import { isLimited } from './timing';
import type { ProbeContext } from './types';

const HEADER_FORMS: Array<(ip: string) => Record<string, string>> = [
  (ip) => ({ 'x-forwarded-for': ip }),
  (ip) => ({ 'x-real-ip': ip }),
  (ip) => ({ forwarded: `for=${ip}` }),
];

/**
 * Each forwarding header a proxy-trusting limiter might read, 3 times each, every request with a
 * fake client never used before (RFC 5737 documentation addresses: never anyone's real client).
 */
export function spoofHeaders(): Array<Record<string, string>> {
  return Array.from({ length: 9 }, (_, i) => HEADER_FORMS[i % HEADER_FORMS.length](`203.0.113.${10 + i}`));
}

/** Exhausts, then sends with rotating X-Forwarded-For / X-Real-IP / Forwarded values. */
export async function spoofProbe(ctx: ProbeContext): Promise<void> {
  const opening = await exhaust(ctx, PROBE.spoof);
  if (!opening.some(isLimited)) return;
  for (const headers of spoofHeaders()) await probeSend(ctx, PROBE.spoof, { headers });
}
