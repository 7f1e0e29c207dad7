import type { IncomingHttpHeaders } from 'node:http';

/** `::ffff:127.0.0.2` (IPv4-mapped IPv6, what a dual-stack socket reports) -> `127.0.0.2`. */
export function normaliseIp(address: string | undefined): string {
  if (!address) return 'unknown';
  const lower = address.trim().toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

/** One `for=` node of RFC 7239 `Forwarded`, or one X-Forwarded-For entry: strip quotes, brackets, port. */
function cleanNode(raw: string): string {
  let v = raw.trim().replace(/^"|"$/g, '');
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    v = end > 0 ? v.slice(1, end) : v.slice(1);
  } else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(v)) {
    v = v.slice(0, v.lastIndexOf(':'));
  }
  return normaliseIp(v);
}

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Client-to-proxy chain as the forwarding headers tell it, leftmost = the original client. */
export function forwardedChain(headers: IncomingHttpHeaders): string[] {
  const forwarded = headerText(headers, 'forwarded');
  if (forwarded) {
    const nodes: string[] = [];
    for (const element of forwarded.split(',')) {
      for (const pair of element.split(';')) {
        const eq = pair.indexOf('=');
        if (eq > 0 && pair.slice(0, eq).trim().toLowerCase() === 'for')
          nodes.push(cleanNode(pair.slice(eq + 1)));
      }
    }
    if (nodes.length > 0) return nodes;
  }
  const xff = headerText(headers, 'x-forwarded-for');
  if (xff) {
    const nodes = xff
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(cleanNode);
    if (nodes.length > 0) return nodes;
  }
  const real = headerText(headers, 'x-real-ip');
  return real ? [cleanNode(real)] : [];
}

/**
 * The address the limiter counts. With `trustedHops` = 0 only the socket counts: forwarding
 * headers come from the client and are trivially spoofed. With N trusted proxies in front, walk N
 * hops back from the socket along the chain (Express's `trust proxy = N` semantics).
 */
export function clientIp(
  socketAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trustedHops: number,
): string {
  const socketIp = normaliseIp(socketAddress);
  if (trustedHops <= 0) return socketIp;
  const chain = forwardedChain(headers);
  if (chain.length === 0) return socketIp;
  // addresses[0] is the socket peer, then the chain from the nearest proxy back to the client.
  const addresses = [socketIp, ...chain.reverse()];
  return addresses[Math.min(trustedHops, addresses.length - 1)];
}

/** What a naive server does (fault `trust-xff`): believe the leftmost X-Forwarded-For entry. */
export function spoofableIp(socketAddress: string | undefined, headers: IncomingHttpHeaders): string {
  const xff = headerText(headers, 'x-forwarded-for');
  const first = xff?.split(',')[0]?.trim();
  return first ? cleanNode(first) : normaliseIp(socketAddress);
}
