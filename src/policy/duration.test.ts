import { describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { describeDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['60s', 60_000],
    ['1m', 60_000],
    ['2500ms', 2500],
    ['1.5s', 1500],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    [' 2s ', 2000],
    ['0s', 0],
    ['.5s', 500],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDuration(text, 'window')).toBe(ms);
  });

  it.each(['60', '-1s', '1x', 's', '', '1 m', '1s-', 'abc', '1.s'])('rejects %j naming the field', (text) => {
    let caught: unknown;
    try {
      parseDuration(text, '--window');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PacerError);
    const error = caught as PacerError;
    expect(error.code).toBe('PACER_ERR_INVALID_OPTION');
    expect(error.context.option).toBe('--window');
    expect(error.message).toContain('--window');
  });

  it('suggests a unit for a bare number', () => {
    expect(() => parseDuration('60', 'window')).toThrow(/60s/);
  });
});

describe('describeDuration', () => {
  it.each([
    [60_000, '1 minute'],
    [10_000, '10 seconds'],
    [1000, '1 second'],
    [120_000, '2 minutes'],
    [3_600_000, '1 hour'],
    [90_000, '90 seconds'],
    [2500, '2500 milliseconds'],
  ])('%d ms -> %s', (ms, text) => {
    expect(describeDuration(ms)).toBe(text);
  });
});
