// Alerts: what the checks and the interception queue raised.
import type { InputsFor } from './common.js';
import { listAlertsInput, type AlertPage } from './office.js';

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
  /** Paged (`{ items, total, nextCursor }`, with counts per group that match the badge). */
  'alerts.list': AlertPage;
}

export const alertsInputs = {
  'alerts.list': listAlertsInput,
} as const satisfies InputsFor<AlertsOutputs>;
