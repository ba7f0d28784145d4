import type { DeadlineSource, OrderType } from '../domain.js';
import { HOUR } from './time.js';

/** Hours from payment to the derived ship deadline, per order type (settings; rules.md §3). */
export type ShipDeadlineHours = Record<OrderType, number>;

export const DEFAULT_SHIP_DEADLINE_HOURS: ShipDeadlineHours = {
  spot: 48,
  presale: 168,
  custom_ship_time: 72,
  tiered: 72,
  scheduled_delivery: 72,
};

/**
 * The ship deadline: a platform-given one always wins; otherwise paid time + the configured hours
 * for the order type. Without a payment time there is no deadline yet.
 */
export function deriveShipDeadline(
  o: { orderType: OrderType; paidAt: number | null; platformDeadline: number | null },
  hours: ShipDeadlineHours,
): { at: number | null; source: DeadlineSource } {
  if (o.platformDeadline != null) return { at: o.platformDeadline, source: 'platform' };
  if (o.paidAt == null) return { at: null, source: 'derived' };
  return { at: o.paidAt + hours[o.orderType] * HOUR, source: 'derived' };
}

export type DeadlineState = 'ok' | 'due_soon' | 'overdue' | 'none';

/** Green more than `dueSoonHours` left, amber at or under it, red once passed. */
export function deadlineState(deadline: number | null, now: number, dueSoonHours: number): DeadlineState {
  if (deadline == null) return 'none';
  const left = deadline - now;
  if (left <= 0) return 'overdue';
  if (left <= dueSoonHours * HOUR) return 'due_soon';
  return 'ok';
}

export interface Countdown {
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
}

/** Splits the time to (or past) a deadline into whole days, hours and minutes (minutes rounded down). */
export function countdown(deadline: number, now: number): Countdown {
  const diff = deadline - now;
  const overdue = diff <= 0;
  const totalMinutes = Math.floor(Math.abs(diff) / 60_000);
  return {
    overdue,
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
}

/** "剩 5小时12分" / "超时 1小时03分" / "剩 2天3小时" (zh-CN); "5h 12m left" / "1h 03m overdue" (en). */
export function formatCountdown(deadline: number, now: number, locale: 'zh-CN' | 'en'): string {
  const c = countdown(deadline, now);
  const mm = String(c.minutes).padStart(2, '0');
  if (locale === 'en') {
    const body = c.days > 0 ? `${c.days}d ${c.hours}h` : `${c.hours}h ${mm}m`;
    return c.overdue ? `${body} overdue` : `${body} left`;
  }
  const body = c.days > 0 ? `${c.days}天${c.hours}小时` : `${c.hours}小时${mm}分`;
  return c.overdue ? `超时 ${body}` : `剩 ${body}`;
}
