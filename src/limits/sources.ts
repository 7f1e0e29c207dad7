import { isIPv4 } from 'node:net';
import { usageError } from '../errors';

const MAX_SOURCES = 256;

/**
 * Parses `--source-ips`: a comma list (`127.0.0.2,127.0.0.3`), an IPv4 range
 * (`127.0.0.10-127.0.0.40`, last octet or full address), or a mix of both. Duplicates are refused:
 * two probes on one address would share a window without knowing it.
 */
export function parseSourceIps(text: string, option = '--source-ips'): string[] {
  const out: string[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') throw usageError(`${option}: empty entry in ${JSON.stringify(text)}`, option);
    const dash = part.indexOf('-');
    if (dash === -1) {
      if (!isIPv4(part))
        throw usageError(`${option}: ${JSON.stringify(part)} is not an IPv4 address`, option);
      out.push(part);
      continue;
    }
    const from = part.slice(0, dash).trim();
    let to = part.slice(dash + 1).trim();
    if (!isIPv4(from))
      throw usageError(`${option}: range start ${JSON.stringify(from)} is not an IPv4 address`, option);
    if (/^\d{1,3}$/.test(to)) to = `${from.split('.').slice(0, 3).join('.')}.${to}`;
    if (!isIPv4(to))
      throw usageError(`${option}: range end ${JSON.stringify(to)} is not an IPv4 address`, option);
    const a = toInt(from);
    const b = toInt(to);
    if (b < a) throw usageError(`${option}: range ${part} runs backwards`, option);
    if (b - a + 1 > MAX_SOURCES)
      throw usageError(`${option}: range ${part} has more than ${MAX_SOURCES} addresses`, option);
    for (let n = a; n <= b; n++) out.push(fromInt(n));
  }
  const seen = new Set<string>();
  for (const ip of out) {
    if (seen.has(ip)) throw usageError(`${option}: ${ip} is listed twice`, option);
    seen.add(ip);
  }
  if (out.length > MAX_SOURCES) throw usageError(`${option}: more than ${MAX_SOURCES} addresses`, option);
  return out;
}

const toInt = (ip: string): number => ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
const fromInt = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
