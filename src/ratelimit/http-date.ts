/**
 * HTTP-date (RFC 9110 5.6.7) and RFC 3339 parsing by hand: Date.parse accepts far more than the
 * RFCs allow and differs between engines (Node vs k6's goja), and a checker must be strict and
 * identical on both. No Node built-ins here (runs in k6).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const LONG_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
const IMF = /^([A-Za-z]{3}), (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
const RFC850 = /^([A-Za-z]+), (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// obsolete asctime: Sun Nov  6 08:49:37 1994
const ASCTIME = /^([A-Za-z]{3}) ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
// RFC 3339 date-time: 2026-11-29T01:00:00Z, 2026-11-29T01:00:00.250+01:00
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

function build(year: number, monthName: string, day: number, h: number, m: number, s: number): number | null {
  const month = MONTHS.indexOf(monthName.toLowerCase());
  if (month < 0) return null;
  return checked(year, month, day, h, m, s);
}

function checked(year: number, month: number, day: number, h: number, m: number, s: number): number | null {
  // RFC 9110 allows second 60 (leap second); Date.UTC folds it into the next minute.
  if (day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return null;
  const ms = Date.UTC(year, month, day, h, m, s);
  // Reject 31 Feb and the like: the date must round-trip.
  if (new Date(ms - (s === 60 ? 1000 : 0)).getUTCDate() !== day) return null;
  return ms;
}

// A trace repeats the same Date value for every response within a second: remember recent ones.
const cache = new Map<string, number | null>();
const CACHE_MAX = 1024;

/** An HTTP-date in any of the three RFC 9110 forms, as epoch ms; null when it is not one. */
export function parseHttpDate(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const value = parseHttpDateUncached(raw.trim());
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(raw, value);
  return value;
}

function parseHttpDateUncached(text: string): number | null {
  let m = IMF.exec(text);
  if (m) {
    if (DAYS.indexOf(m[1].toLowerCase()) < 0) return null;
    return build(Number(m[4]), m[3], Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]));
  }
  m = RFC850.exec(text);
  if (m) {
    if (LONG_DAYS.indexOf(m[1].toLowerCase()) < 0) return null;
    // Two-digit years: RFC 9110 says a year more than 50 years ahead is in the past century.
    const yy = Number(m[4]);
    const nowYear = new Date().getUTCFullYear();
    let year = Math.floor(nowYear / 100) * 100 + yy;
    if (year > nowYear + 50) year -= 100;
    return build(year, m[3], Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]));
  }
  m = ASCTIME.exec(text);
  if (m) {
    if (DAYS.indexOf(m[1].toLowerCase()) < 0) return null;
    return build(Number(m[7]), m[2], Number(m[3].trim()), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  return null;
}

/** An RFC 3339 date-time (seen in the wild as a Reset value), as epoch ms; null when it is not one. */
export function parseRfc3339(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const m = RFC3339.exec(raw.trim());
  if (!m) return null;
  const base = checked(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
  if (base === null || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  const fraction = m[7] ? Math.round(Number(`0${m[7]}`) * 1000) : 0;
  let offsetMs = 0;
  if (m[9]) {
    const hours = Number(m[10]);
    const minutes = Number(m[11]);
    if (hours > 23 || minutes > 59) return null;
    offsetMs = (m[9] === '+' ? 1 : -1) * (hours * 60 + minutes) * 60_000;
  }
  return base + fraction - offsetMs;
}

/** Formats epoch ms as an IMF-fixdate (what a server's Date header looks like). */
export function formatHttpDate(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = MONTHS[d.getUTCMonth()];
  return `${day}, ${pad(d.getUTCDate())} ${month[0].toUpperCase()}${month.slice(1)} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}
