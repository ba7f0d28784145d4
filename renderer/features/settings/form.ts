import { ORDER_TYPES, type OrderType } from '../../../shared/domain.js';
import { type CheckJob, type SettingsPatch, type SettingsView } from '../../../shared/settings.js';
import { fromLocalInput, toLocalInput, toZonedIso } from '../../lib/datetime.js';

export const CHECK_NUMBERS = [
  'pickupHoursSpot',
  'pickupHoursAfterUpload',
  'fakeShippingHours',
  'warnHours',
  'workorderHours',
  'workorderDueSoonHours',
  'negotiationValidHours',
  'maxNegotiations',
] as const;

export type CheckNumber = (typeof CHECK_NUMBERS)[number];

export interface Form {
  locale: 'zh-CN' | 'en';
  timeZone: string;
  stationName: string;
  shipDeadlineHours: Record<OrderType, string>;
  dueSoonHours: string;
  defaultWindowMonths: string;
  privacyNumberDays: string;
  memoText: string;
  termsAgreed: boolean;
  enabled: boolean;
  flag: string;
  receivedNotice: string;
  successNotice: string;
  windowFrom: string;
  windowTo: string;
  orderWaitMinutes: string;
  checks: Record<CheckNumber, string>;
  noScanHeuristic: boolean;
  derivedPickupPlatforms: SettingsView['checks']['derivedPickupPlatforms'];
  schedules: Record<CheckJob, string>;
  shippingRestricted: boolean;
  outboxUrl: string;
  slipSize: 'A4' | 'label';
}

export function toForm(s: SettingsView): Form {
  return {
    locale: s.locale,
    timeZone: s.timeZone,
    stationName: s.stationName,
    shipDeadlineHours: Object.fromEntries(ORDER_TYPES.map((o) => [o, String(s.shipDeadlineHours[o])])) as Record<OrderType, string>,
    dueSoonHours: String(s.dueSoonHours),
    defaultWindowMonths: String(s.defaultWindowMonths),
    privacyNumberDays: String(s.privacyNumberDays),
    memoText: s.interception.memoText,
    termsAgreed: s.interception.termsAgreed,
    // Left out (saved before the 启用 step existed) counts as enabled once memo and terms are set.
    enabled: s.interception.enabled ?? (s.interception.memoText.trim() !== '' && s.interception.termsAgreed),
    flag: s.interception.flag == null ? '' : String(s.interception.flag),
    receivedNotice: s.interception.receivedNotice,
    successNotice: s.interception.successNotice,
    windowFrom: s.interception.buyerCardWindow ? toLocalInput(Date.parse(s.interception.buyerCardWindow.from), s.timeZone) : '',
    windowTo: s.interception.buyerCardWindow ? toLocalInput(Date.parse(s.interception.buyerCardWindow.to), s.timeZone) : '',
    orderWaitMinutes: String(s.interception.orderWaitMinutes),
    checks: Object.fromEntries(CHECK_NUMBERS.map((k) => [k, String(s.checks[k])])) as Record<CheckNumber, string>,
    noScanHeuristic: s.checks.noScanHeuristic,
    derivedPickupPlatforms: s.checks.derivedPickupPlatforms,
    schedules: { ...s.checkSchedules },
    shippingRestricted: s.shippingRestricted,
    outboxUrl: s.outboxUrl ?? '',
    slipSize: s.slipSize,
  };
}

/** A datetime-local value on the station's wall clock → ISO with the zone's offset; '' stays '' (invalid → the raw text, for the server to refuse). */
function windowIso(value: string, timeZone: string): string {
  const ms = fromLocalInput(value, timeZone);
  return ms == null ? value : toZonedIso(ms, timeZone);
}

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

export function toPatch(f: Form): SettingsPatch {
  const tz = f.timeZone.trim();
  return {
    locale: f.locale,
    timeZone: f.timeZone.trim(),
    stationName: f.stationName,
    shipDeadlineHours: Object.fromEntries(ORDER_TYPES.map((o) => [o, num(f.shipDeadlineHours[o])])) as Record<OrderType, number>,
    dueSoonHours: num(f.dueSoonHours),
    defaultWindowMonths: num(f.defaultWindowMonths),
    privacyNumberDays: num(f.privacyNumberDays),
    interception: {
      memoText: f.memoText,
      termsAgreed: f.termsAgreed,
      enabled: f.enabled,
      flag: f.flag === '' ? null : Number(f.flag),
      receivedNotice: f.receivedNotice,
      successNotice: f.successNotice,
      buyerCardWindow: f.windowFrom || f.windowTo ? { from: windowIso(f.windowFrom, tz), to: windowIso(f.windowTo, tz) } : null,
      orderWaitMinutes: num(f.orderWaitMinutes),
    },
    checks: {
      ...(Object.fromEntries(CHECK_NUMBERS.map((k) => [k, num(f.checks[k])])) as Record<CheckNumber, number>),
      noScanHeuristic: f.noScanHeuristic,
      derivedPickupPlatforms: f.derivedPickupPlatforms,
    },
    checkSchedules: { ...f.schedules },
    shippingRestricted: f.shippingRestricted,
    outboxUrl: f.outboxUrl.trim() === '' ? null : f.outboxUrl.trim(),
    slipSize: f.slipSize,
  };
}
