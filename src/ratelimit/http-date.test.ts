import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHttpDate, parseHttpDate, parseRfc3339 } from './http-date';

const T = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('parseHttpDate', () => {
  it('reads the three RFC 9110 forms', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(T);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(T);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(T);
  });

  it.each([
    '06 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 08:49:37 UTC',
    'Sun, 31 Feb 1994 08:49:37 GMT',
    'Sun, 06 Nox 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 25:49:37 GMT',
    '1994-11-06',
    '60',
    '',
  ])('rejects %j', (raw) => {
    expect(parseHttpDate(raw)).toBeNull();
  });

  it('round-trips formatHttpDate at second precision', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (s) => {
        expect(parseHttpDate(formatHttpDate(s * 1000))).toBe(s * 1000);
      }),
    );
  });
});

describe('parseRfc3339', () => {
  it('reads offsets and fractions', () => {
    expect(parseRfc3339('1994-11-06T08:49:37Z')).toBe(T);
    expect(parseRfc3339('1994-11-06T09:49:37.250+01:00')).toBe(T + 250);
    expect(parseRfc3339('1994-13-06T08:49:37Z')).toBeNull();
    expect(parseRfc3339('yesterday')).toBeNull();
  });
});
