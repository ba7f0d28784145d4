// Station settings: one zod schema, used to validate updates at the boundary and to derive the
// JSON schema that electron-store / conf enforce on disk.
import { z } from 'zod';
import { PLATFORMS } from './domain.js';
import { DEFAULT_SHIP_DEADLINE_HOURS } from './rules/deadlines.js';
import { DEFAULT_CHECK_SETTINGS } from './rules/checks.js';
import { DEFAULT_RECEIVED_NOTICE, DEFAULT_SUCCESS_NOTICE } from './rules/interception.js';

const hours = z
  .number()
  .positive()
  .max(24 * 365);

/** The scheduled check jobs, each with its own node-cron schedule. */
export const CHECK_JOBS = ['ship_deadline', 'pickup', 'workorders', 'negotiations', 'privacy_numbers', 'interception_wait'] as const;
export type CheckJob = (typeof CHECK_JOBS)[number];

/** Five or six cron fields (node-cron syntax); the scheduler validates it again with node-cron itself. */
const cronExpression = z
  .string()
  .trim()
  .regex(/^(\S+\s+){4,5}\S+$/, 'expected a cron expression such as "* * * * *"');

export const settingsSchema = z.object({
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  timeZone: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone')
    .default('Asia/Shanghai'),
  stationName: z.string().trim().min(1).max(40).default('打包台 1'),
  /** Hours from payment to the derived ship deadline, per order type; platform deadlines win. */
  shipDeadlineHours: z
    .object({
      spot: hours,
      presale: hours,
      custom_ship_time: hours,
      tiered: hours,
      scheduled_delivery: hours,
    })
    .default(DEFAULT_SHIP_DEADLINE_HOURS),
  /** Amber countdown (and ship_due_soon) this many hours before the deadline. */
  dueSoonHours: hours.default(6),
  /** The default views show orders paid in the last N months; older ones on request. */
  defaultWindowMonths: z.number().int().min(1).max(120).default(6),
  /** A privacy (secret) number stops working this many days after the trade succeeds. */
  privacyNumberDays: z.number().int().min(1).max(365).default(15),
  /** Interception (锁单) setup, rules.md §1. Until memo text and terms are set, locks still work; memo, flag and buyer notices wait. */
  interception: z
    .object({
      memoText: z.string().trim().max(200).default(''),
      termsAgreed: z.boolean().default(false),
      /**
       * The 启用 step (rules.md §1: memo and terms, "then enable"). The settings screen writes it; left out
       * (settings saved before this step existed, or an API client) counts as enabled once memo and terms are set.
       */
      enabled: z.boolean().optional(),
      /** Flag colour set on intercepted orders; null leaves the flag as it is. */
      flag: z.number().int().min(1).max(5).nullable().default(null),
      receivedNotice: z.string().trim().min(1).max(500).default(DEFAULT_RECEIVED_NOTICE),
      successNotice: z.string().trim().min(1).max(500).default(DEFAULT_SUCCESS_NOTICE),
      /** Optional window in which buyer-card requests are accepted; clerk and CS requests work any day. */
      buyerCardWindow: z
        .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
        .refine((w) => Date.parse(w.from) < Date.parse(w.to), { message: 'from must be before to', path: ['to'] })
        .nullable()
        .default(null),
      /** A request for an order not known yet waits this long for the order, then fails as 订单不存在. */
      orderWaitMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60)
        .default(30),
    })
    .default({
      memoText: '',
      termsAgreed: false,
      flag: null,
      receivedNotice: DEFAULT_RECEIVED_NOTICE,
      successNotice: DEFAULT_SUCCESS_NOTICE,
      buyerCardWindow: null,
      orderWaitMinutes: 30,
    }),
  /** Numbers of the deadline checks (rules.md §2–§6). */
  checks: z
    .object({
      pickupHoursSpot: hours,
      pickupHoursAfterUpload: hours,
      fakeShippingHours: hours,
      warnHours: hours,
      workorderHours: hours,
      workorderDueSoonHours: hours,
      negotiationValidHours: hours,
      maxNegotiations: z.number().int().min(1).max(10),
      /** ShipLock's own "no scan after upload" warning (not a platform rule); off = no such warning. */
      noScanHeuristic: z.boolean().default(true),
      /** Platforms besides Douyin that use the derived pickup clocks (off by default). */
      derivedPickupPlatforms: z.array(z.enum(PLATFORMS)).default([]),
    })
    .default(DEFAULT_CHECK_SETTINGS),
  /** node-cron schedule of each check job (in the station's time zone). */
  checkSchedules: z
    .object(Object.fromEntries(CHECK_JOBS.map((j) => [j, cronExpression])) as Record<CheckJob, typeof cronExpression>)
    .default(Object.fromEntries(CHECK_JOBS.map((j) => [j, '* * * * *'])) as Record<CheckJob, string>),
  /** Packing slip paper: A4 sheets or 100×150 mm labels. */
  slipSize: z.enum(['A4', 'label']).default('A4'),
  /** Print options: what slips show, and the default printer of each job (pick list and slips print separately). */
  print: z
    .object({
      showPrice: z.boolean().default(false),
      showShop: z.boolean().default(false),
      picklistPrinter: z.string().trim().min(1).max(200).nullable().default(null),
      slipPrinter: z.string().trim().min(1).max(200).nullable().default(null),
    })
    .default({ showPrice: false, showShop: false, picklistPrinter: null, slipPrinter: null }),
  /** The shop is under a shipping restriction (发货限制): marking shipped is refused. */
  shippingRestricted: z.boolean().default(false),
  /** Largest upload per import request (all files together), in MB. */
  maxUploadMB: z.number().int().min(1).max(2048).default(200),
  /** Where outbox events are delivered (POST, signed like incoming events); null = read with GET /api/outbox only. */
  outboxUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
});

/** True once the interception memo is set, the terms are agreed and it is enabled (the automatic memo, flag and notices run). */
export function interceptionReady(s: Settings): boolean {
  const st = interceptionSetup(s);
  return st.memo && st.terms && st.enabled;
}

/** Which setup steps are done: 1. memo text, 1. terms agreed, 2. enabled (the setup banner names the missing one). */
export function interceptionSetup(s: Settings): { memo: boolean; terms: boolean; enabled: boolean } {
  return {
    memo: s.interception.memoText.trim() !== '',
    terms: s.interception.termsAgreed,
    enabled: s.interception.enabled !== false,
  };
}

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/**
 * What the renderer may change: any subset of the fields, validated the same way. Defaults are stripped,
 * so a field left out stays as it is (zod's own .partial() would fill it with its default).
 */
export type SettingsPatch = Partial<Settings>;
export const settingsPatchSchema: z.ZodType<SettingsPatch, SettingsPatch> = z
  .object(
    Object.fromEntries(
      Object.entries(settingsSchema.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : v).optional()]),
    ),
  )
  .strict() as unknown as z.ZodType<SettingsPatch, SettingsPatch>;

/** Settings plus station facts shown on the settings screen. */
export interface SettingsView extends Settings {
  dataDir: string;
  /** Whether the HMAC secret for POST /api/events comes from SHIPLOCK_EVENT_SECRET (the secret itself is never here). */
  eventSecretFromEnv: boolean;
  stationUrl: string | null;
  /** Whether the station token comes from SHIPLOCK_STATION_TOKEN (the token itself is never here). */
  stationTokenFromEnv: boolean;
  /** Whether a supervisor PIN is set (needed for the audited reveal of a real number). */
  supervisorPinSet: boolean;
}
