// The app itself: health, nav badges, settings and the supervisor PIN.
import { z } from 'zod';
import { settingsPatchSchema, type SettingsView } from '../settings.js';
import type { InputsFor } from './common.js';

export interface Health {
  ok: true;
  version: string;
  mode: 'electron' | 'station';
  schemaVersion: number;
}

/** Nav badges and the setup banner. */
export interface AppStatus {
  interceptionReady: boolean;
  /** The interception setup steps done (memo text, terms agreed, enabled). */
  interceptionSetup: { memo: boolean; terms: boolean; enabled: boolean };
  pendingOrders: number;
  openInterceptions: number;
  openAlerts: number;
  criticalAlerts: number;
}

export interface AppOutputs {
  'app.health': Health;
  'app.status': AppStatus;
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'settings.setSupervisorPin': { ok: true };
}

export const appInputs = {
  'app.health': z.object({}),
  'app.status': z.object({}),
  'settings.get': z.object({}),
  'settings.update': settingsPatchSchema,
  'settings.setSupervisorPin': z.object({
    currentPin: z.string().max(32).optional(),
    newPin: z.string().regex(/^\d{6,12}$/, '6–12 digits'),
  }),
} as const satisfies InputsFor<AppOutputs>;
