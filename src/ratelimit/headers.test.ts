import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReset, getHeader, parseNonNegativeInt, parseRetryAfter } from './headers';
import { formatHttpDate } from './http-date';

const DATE = Date.UTC(2026, 10, 29, 1, 0, 0);
const WINDOW = 60_000;

describe('getHeader', () => {
  it('finds k6 canonical and lower-case names alike', () => {
    expect(getHeader({ 'X-Ratelimit-Remaining': '241' }, 'X-RateLimit-Remaining')).toBe('241');
    expect(getHeader({ 'x-ratelimit-remaining': '241' }, 'X-RateLimit-Remaining')).toBe('241');
    expect(getHeader({ Other: '1' }, 'x-ratelimit-remaining')).toBeNull();
    expect(getHeader(undefined, 'date')).toBeNull();
  });

  it('joins repeated values so the parser can see the repetition', () => {
    expect(getHeader({ 'x-ratelimit-limit': ['300', '300'] }, 'X-RateLimit-Limit')).toBe('300, 300');
    expect(getHeader({ 'X-RateLimit-Limit': '300', 'x-ratelimit-limit': '300' }, 'x-ratelimit-limit')).toBe(
      '300, 300',
    );
  });
});

describe('parseNonNegativeInt', () => {
  it.each([
    [null, 'absent'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not-integer'],
    ['12abc', 'not-integer'],
    ['0x10', 'not-integer'],
    ['-1', 'negative'],
    ['1.5', 'float'],
    ['1e3', 'float'],
    ['300, 300', 'repeated'],
    ['99999999999999999999', 'too-large'],
  ])('%j -> %s', (raw, problem) => {
    const r = parseNonNegativeInt(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe(problem);
      expect(r.message.length).toBeGreaterThan(0);
    }
  });

  it('accepts whole numbers with surrounding whitespace', () => {
    expect(parseNonNegativeInt(' 241 ')).toEqual({ ok: true, value: 241 });
    expect(parseNonNegativeInt('0')).toEqual({ ok: true, value: 0 });
  });

  it('round-trips every safe non-negative integer and never throws on any string', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        expect(parseNonNegativeInt(String(n))).toEqual({ ok: true, value: n });
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseNonNegativeInt(s);
        if (r.ok) expect(String(r.value)).toBe(s.trim().replace(/^0+(?=\d)/, ''));
      }),
    );
  });
});

describe('classifyReset', () => {
  it('recognises epoch seconds near the server Date', () => {
    const r = classifyReset(String(DATE / 1000 + 42), DATE, WINDOW);
    expect(r.kind).toBe('epoch-seconds');
    expect(r.resetEpochMs).toBe(DATE + 42_000);
    expect(r.reason).toContain('+42 s');
  });

  it('recognises epoch milliseconds', () => {
    const r = classifyReset(String(DATE + 42_000), DATE, WINDOW);
    expect(r.kind).toBe('epoch-ms');
    expect(r.resetEpochMs).toBe(DATE + 42_000);
  });

  it('recognises a delta in seconds and places it against the Date', () => {
    const r = classifyReset('42', DATE, WINDOW);
    expect(r.kind).toBe('delta-seconds');
    expect(r.resetEpochMs).toBe(DATE + 42_000);
    expect(classifyReset('42', null, WINDOW).resetEpochMs).toBeNull();
  });

  it('recognises a delta in milliseconds', () => {
    const r = classifyReset('42000', DATE, WINDOW);
    expect(r.kind).toBe('delta-ms');
    expect(r.resetEpochMs).toBe(DATE + 42_000);
  });

  it('recognises HTTP and RFC 3339 dates', () => {
    expect(classifyReset(formatHttpDate(DATE + 5000), DATE, WINDOW)).toMatchObject({
      kind: 'http-date',
      resetEpochMs: DATE + 5000,
    });
    expect(classifyReset('2026-11-29T01:00:05Z', DATE, WINDOW)).toMatchObject({
      kind: 'http-date',
      resetEpochMs: DATE + 5000,
    });
  });

  it.each(['abc', '-5', '1.5', '1700000000, 1700000000', '', '5000000'])('%j is garbage', (raw) => {
    const r = classifyReset(raw, DATE, WINDOW);
    expect(r.kind).toBe('garbage');
    expect(r.resetEpochMs).toBeNull();
    expect(r.reason.length).toBeGreaterThan(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('60', DATE, WINDOW)).toMatchObject({
      ok: true,
      form: 'delay-seconds',
      delayMs: 60_000,
    });
  });

  it('reads an HTTP-date against the reference time', () => {
    const r = parseRetryAfter(formatHttpDate(DATE + 30_000), DATE, WINDOW);
    expect(r).toMatchObject({ ok: true, form: 'http-date', delayMs: 30_000, atEpochMs: DATE + 30_000 });
    const past = parseRetryAfter(formatHttpDate(DATE - 5000), DATE, WINDOW);
    expect(past).toMatchObject({ ok: true, delayMs: 0 });
    if (past.ok) expect(past.note).toContain('before');
    expect(parseRetryAfter(formatHttpDate(DATE), null, WINDOW)).toMatchObject({
      ok: false,
      problem: 'no-reference-time',
    });
  });

  it('flags milliseconds only when seconds are implausible for the window', () => {
    expect(parseRetryAfter('60000', DATE, WINDOW)).toMatchObject({ ok: false, problem: 'looks-like-ms' });
    expect(parseRetryAfter('2000', DATE, 2000)).toMatchObject({ ok: false, problem: 'looks-like-ms' });
    expect(parseRetryAfter('120', DATE, WINDOW)).toMatchObject({ ok: true, delayMs: 120_000 });
    // Without a window there is nothing to compare with: a long delay is legal.
    expect(parseRetryAfter('60000', DATE)).toMatchObject({ ok: true });
  });

  it.each([
    [null, 'absent'],
    ['-1', 'negative'],
    ['1.5', 'float'],
    ['60, 60', 'repeated'],
    ['soon', 'garbage'],
  ])('%j -> %s', (raw, problem) => {
    expect(parseRetryAfter(raw, DATE, WINDOW)).toMatchObject({ ok: false, problem });
  });
});
