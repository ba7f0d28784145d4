// Alerts: what the checks and the interception queue raised.
import { z } from 'zod';
import type { InputsFor } from './common.js';

export interface AlertItem {
  id: number;
  tid: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  dueAt: number | null;
  raisedAt: number;
  resolvedAt: number | null;
  detail: string;
}

export interface AlertsOutputs {
  'alerts.list': { items: AlertItem[] };
}

export const alertsInputs = {
  'alerts.list': z.object({ state: z.enum(['open', 'all']).default('open') }),
} as const satisfies InputsFor<AlertsOutputs>;
