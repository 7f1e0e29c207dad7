import { describe, expect, it } from 'vitest';
import { isSelected, knownCheckIds, warningIds } from './select-checks';

describe('check selection', () => {
  it('knows every family (rate limit, conformance, capacity)', () => {
    const ids = knownCheckIds();
    expect(ids).toContain('RL-ADMISSION-EXACT');
    expect(ids).toContain('CT-BODY-SCHEMA');
    expect(ids).toContain('CAP-SLO');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('--checks narrows, --exclude-checks removes', () => {
    expect(isSelected('RL-A', {})).toBe(true);
    expect(isSelected('RL-A', { only: ['RL-B'] })).toBe(false);
    expect(isSelected('RL-A', { only: [] })).toBe(true);
    expect(isSelected('RL-A', { only: ['RL-A'], exclude: ['RL-A'] })).toBe(false);
  });

  it('warnings: the listed ids, and with a required list every id not on it', () => {
    const ids = ['RL-A', 'RL-B', 'CT-C'];
    expect(warningIds(ids, { warnings: ['RL-B'] })).toEqual(['RL-B']);
    expect(warningIds(ids, { warnings: [], required: ['RL-A'] })).toEqual(['RL-B', 'CT-C']);
    expect(warningIds(ids, { warnings: [] })).toEqual([]);
  });
});
