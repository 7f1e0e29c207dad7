import { describe, expect, it } from 'vitest';
import { clientIp, forwardedChain, normaliseIp, spoofableIp } from './client-ip';

describe('client IP', () => {
  it('normalises IPv4-mapped IPv6 addresses', () => {
    expect(normaliseIp('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(normaliseIp('::1')).toBe('::1');
    expect(normaliseIp(undefined)).toBe('unknown');
  });

  it('ignores forwarding headers unless proxies are trusted', () => {
    const headers = { 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8', forwarded: 'for=9.9.9.9' };
    expect(clientIp('::ffff:127.0.0.2', headers, 0)).toBe('127.0.0.2');
  });

  it('walks back the trusted number of hops', () => {
    const headers = { 'x-forwarded-for': '1.1.1.1, 2.2.2.2, 3.3.3.3' };
    expect(clientIp('127.0.0.1', headers, 1)).toBe('3.3.3.3');
    expect(clientIp('127.0.0.1', headers, 3)).toBe('1.1.1.1');
    // More hops than the chain: the leftmost entry is the best there is.
    expect(clientIp('127.0.0.1', headers, 9)).toBe('1.1.1.1');
  });

  it('reads RFC 7239 Forwarded before X-Forwarded-For, with ports and brackets', () => {
    const headers = {
      forwarded: 'for="[2001:db8::1]:4711";proto=http, for=192.0.2.43:8080',
      'x-forwarded-for': '7.7.7.7',
    };
    expect(forwardedChain(headers)).toEqual(['2001:db8::1', '192.0.2.43']);
    expect(clientIp('127.0.0.1', headers, 2)).toBe('2001:db8::1');
  });

  it('falls back to X-Real-IP as a single hop', () => {
    expect(clientIp('127.0.0.1', { 'x-real-ip': '8.8.8.8' }, 1)).toBe('8.8.8.8');
  });

  it('the spoofable variant believes the leftmost X-Forwarded-For', () => {
    expect(spoofableIp('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 1.1.1.1' })).toBe('6.6.6.6');
    expect(spoofableIp('::ffff:127.0.0.3', {})).toBe('127.0.0.3');
  });
});
