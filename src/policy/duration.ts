import { PacerError } from '../errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// One or more `<number><unit>` parts, largest unit first by convention ("1m30s"); no sign allowed.
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/y;

/**
 * Parses a duration such as `60s`, `1m`, `2500ms`, `1.5s`, `1h` or `1m30s` into milliseconds
 * (rounded to a whole ms). A bare number is refused: `60` could mean seconds or milliseconds, and a
 * silent guess would turn a 1-minute window into 60 ms. `field` names the flag or file field in the error.
 */
export function parseDuration(text: string, field: string): number {
  const source = typeof text === 'string' ? text.trim() : '';
  const fail = (why: string): never => {
    throw new PacerError('PACER_ERR_INVALID_OPTION', `${field}: ${why}`, { option: field });
  };
  if (source === '') fail(`expected a duration such as 60s, 1m or 2500ms, got ${JSON.stringify(text)}`);
  if (/^[+-]?\d+(\.\d+)?$/.test(source)) {
    fail(`"${source}" has no unit; write e.g. ${source}s or ${source}ms (units: ms, s, m, h)`);
  }
  let total = 0;
  let at = 0;
  while (at < source.length) {
    PART.lastIndex = at;
    const part = PART.exec(source);
    if (!part)
      return fail(`"${source}" is not a duration (expected e.g. 60s, 1m, 2500ms, 1.5s, 1h; no sign)`);
    total += Number(part[1]) * UNIT_MS[part[2]];
    at = PART.lastIndex;
  }
  if (!Number.isFinite(total)) fail(`"${source}" is out of range`);
  return Math.round(total);
}

/** Human text for a window, as the 429 body's `window` field words it: "1 minute", "10 seconds". */
export function describeDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
    [1, 'millisecond'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  // Not a whole number of ms (only reachable with fractional input): say it in seconds.
  const seconds = ms / 1000;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
