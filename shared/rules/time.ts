// Time-zone arithmetic without a date library: Intl gives the offset of a zone at an instant.

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function dtf(timeZone: string): Intl.DateTimeFormat {
  let f = dtfCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    dtfCache.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock fields of an instant in a zone. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of dtf(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function exactOffset(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (ms % 1000));
}

/** Per zone: hour (ms / 1 h) → the zone's offset throughout that hour, or NaN when it changes within it. */
const hourOffsets = new Map<string, Map<number, number>>();

/**
 * Offset of the zone from UTC at that instant, in ms (Asia/Shanghai: +8 h). Asking Intl costs microseconds
 * and an export has two times per row, so an hour's offset is remembered when both ends of the hour agree
 * (an hour with a transition in it is always asked exactly).
 */
export function zoneOffset(ms: number, timeZone: string): number {
  if (!(ms >= 0) || !Number.isFinite(ms)) return exactOffset(ms, timeZone);
  let zone = hourOffsets.get(timeZone);
  if (!zone) hourOffsets.set(timeZone, (zone = new Map()));
  const hour = Math.floor(ms / HOUR);
  let offset = zone.get(hour);
  if (offset === undefined) {
    const start = exactOffset(hour * HOUR, timeZone);
    offset = start === exactOffset(hour * HOUR + HOUR - 1000, timeZone) ? start : NaN;
    if (zone.size >= 100_000) zone.clear();
    zone.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactOffset(ms, timeZone) : offset;
}

/** The instant at which the zone's wall clock shows the given fields. */
export function fromWallClock(w: WallClock, timeZone: string): number {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const first = guess - zoneOffset(guess, timeZone);
  const second = guess - zoneOffset(first, timeZone);
  return second;
}

/**
 * Parses "2026-11-11 03:25:00" (or with "T", "/" separators, seconds optional) as wall-clock time
 * in the zone. A string with an explicit offset or Z is taken as is. Returns null when unparseable.
 */
export function parseLocalDateTime(text: string, timeZone: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (!m) return null;
  const w: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > 31 || w.hour > 23 || w.minute > 59 || w.second > 59) return null;
  return fromWallClock(w, timeZone);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `MM-DD HH:mm` in the zone, for lists. */
export function formatShort(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** `YYYY-MM-DD HH:mm:ss` in the zone, for details. */
export function formatFull(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
