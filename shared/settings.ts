// Station settings: one zod schema, used to validate updates at the boundary and to derive the
// JSON schema that electron-store / conf enforce on disk.
import { z } from 'zod';
import { DEFAULT_SHIP_DEADLINE_HOURS } from './rules/deadlines.js';

const hours = z.number().positive().max(24 * 365);

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
      spot: hours, presale: hours, custom_ship_time: hours, tiered: hours, scheduled_delivery: hours,
    })
    .default(DEFAULT_SHIP_DEADLINE_HOURS),
  /** Amber countdown (and ship_due_soon) this many hours before the deadline. */
  dueSoonHours: hours.default(6),
  /** The default views show orders paid in the last N months; older ones on request. */
  defaultWindowMonths: z.number().int().min(1).max(120).default(6),
  /** A privacy (secret) number stops working this many days after the trade succeeds. */
  privacyNumberDays: z.number().int().min(1).max(365).default(15),
});

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** What the renderer may change; every field optional, validated the same way. */
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Settings plus station facts shown on the settings screen. */
export interface SettingsView extends Settings {
  dataDir: string;
  /** HMAC secret for POST /api/events (from SHIPLOCK_EVENT_SECRET or generated). */
  eventSecret: string;
  eventSecretFromEnv: boolean;
  stationUrl: string | null;
  stationToken: string;
}
