import { parseLocalDateTime, wallClock, zoneOffset } from '../../shared/rules/time.js';
import type { Locale } from '../i18n.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Time since an instant: "3分钟", "2小时05分", "3天4小时" (en: "3 min", "2 h 05 min", "3 d 4 h"). */
export function formatAge(since: number, now: number, locale: Locale): string {
  const mins = Math.max(0, Math.floor((now - since) / 60_000));
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (locale === 'en') {
    if (d) return `${d} d ${h} h`;
    if (h) return `${h} h ${String(m).padStart(2, '0')} min`;
    return `${m} min`;
  }
  if (d) return `${d}天${h}小时`;
  if (h) return `${h}小时${String(m).padStart(2, '0')}分`;
  return `${m}分钟`;
}

/** An instant as a `datetime-local` value (YYYY-MM-DDTHH:mm) on the station's wall clock. */
export function toLocalInput(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}T${pad2(w.hour)}:${pad2(w.minute)}`;
}

/** An instant as ISO 8601 with the station zone's offset, e.g. 2026-11-11T00:00:00+08:00. */
export function toZonedIso(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  const off = Math.round(zoneOffset(ms, timeZone) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}T${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/** A `datetime-local` value read on the station's wall clock, or null. */
export function fromLocalInput(value: string, timeZone: string): number | null {
  return parseLocalDateTime(value, timeZone);
}
