import { describe, expect, it } from 'vitest';
import { emptyHeaders } from './exchange';
import { allHeaders, readRecordedHeaders } from './raw-headers';

const raw = (...pairs: string[]): Buffer[] => pairs.map((s) => Buffer.from(s, 'latin1'));

describe('readRecordedHeaders', () => {
  it('picks the recorded headers whatever their case, and nothing else', () => {
    const into = emptyHeaders();
    readRecordedHeaders(
      raw(
        'X-RateLimit-Limit',
        '300',
        'x-ratelimit-remaining',
        '0',
        'X-RATELIMIT-RESET',
        '1700000000',
        'Retry-After',
        '42',
        'Date',
        'Sun, 29 Nov 2026 02:00:00 GMT',
        'Cache-Control',
        'no-store',
        'Content-Type',
        'application/json',
        'Content-Length',
        '2',
        'X-RateLimit-Limix',
        'not me',
      ),
      into,
    );
    expect(into).toEqual({
      limit: '300',
      remaining: '0',
      reset: '1700000000',
      retryAfter: '42',
      date: 'Sun, 29 Nov 2026 02:00:00 GMT',
      cacheControl: 'no-store',
      contentType: 'application/json',
    });
  });

  it('joins repeated headers in arrival order and keeps raw values', () => {
    const into = emptyHeaders();
    readRecordedHeaders(
      raw('x-ratelimit-limit', '300', 'X-RateLimit-Limit', ' 60 ;w=1', 'retry-after', 'soon'),
      into,
    );
    expect(into.limit).toBe('300,  60 ;w=1');
    expect(into.retryAfter).toBe('soon');
    expect(into.remaining).toBeNull();
  });

  it('accepts string pairs as well as buffers', () => {
    const into = emptyHeaders();
    readRecordedHeaders(['Retry-After', '7'], into);
    expect(into.retryAfter).toBe('7');
  });
});

describe('allHeaders', () => {
  it('lower-cases names, joins repeats, and keeps __proto__ an ordinary key', () => {
    const all = allHeaders(raw('Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'X-Odd', 'é', '__proto__', 'x'));
    expect(all['set-cookie']).toBe('a=1, b=2');
    expect(all['x-odd']).toBe('é');
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    expect(Object.hasOwn(all, '__proto__')).toBe(true);
  });
});
