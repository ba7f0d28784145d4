// Contract pieces for the office screens (issue #12): triage counts, paged alerts with group counts,
// acknowledge and snooze. Merged into `apiInputs` / `ApiOutputs` in contract.ts with one spread each.
import { z } from 'zod';
import type { AlertKind } from '../rules/checks.js';
import type { InputsFor } from './common.js';
import { listOrdersInput } from './orders.js';

/** Alert groups in display order: interception-related groups pinned on top, then by urgency (not by count). */
export const ALERT_GROUP_ORDER: AlertKind[] = [
  'locked_line_shipped',
  'batch_stale',
  'ship_overdue',
  'ship_due_soon',
  'pickup_overdue',
  'fake_shipping_risk',
  'workorder_overdue',
  'workorder_due_soon',
  'negotiation_expired',
  'privacy_number_expired',
];
/** Groups shown pinned (interception-related). */
export const PINNED_ALERT_KINDS: AlertKind[] = ['locked_line_shipped', 'batch_stale'];

export const listAlertsInput = z.object({
  /** open: unresolved and neither acknowledged nor snoozed (what the badge counts); muted: acknowledged or snoozed. */
  state: z.enum(['open', 'muted', 'all']).default('open'),
  kind: z.enum(ALERT_GROUP_ORDER as [AlertKind, ...AlertKind[]]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z.string().max(200).optional(),
});

const alertIdInput = z.object({ id: z.coerce.number().int().positive(), by: z.string().trim().min(1).max(40).optional() });

export const officeInputs = {
  /** Triage counts of the pending list under the given filters (the chips); they add up to the total. */
  'orders.counts': listOrdersInput.pick({
    view: true,
    q: true,
    platform: true,
    orderType: true,
    flag: true,
    dueWithinHours: true,
    includeOlder: true,
  }),
  'alerts.acknowledge': alertIdInput,
  'alerts.snooze': alertIdInput.extend({
    minutes: z.coerce
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60),
  }),
  /** Puts an acknowledged or snoozed alert back in the open list. */
  'alerts.unmute': alertIdInput,
} as const satisfies InputsFor<OfficeOutputs>;

export interface OrderCountsView {
  total: number;
  overdue: number;
  due6h: number;
  due24h: number;
  later: number;
  locked: number;
  inBatch: number;
  notInBatch: number;
}

export interface AlertGroupCount {
  kind: AlertKind;
  count: number;
  critical: number;
  pinned: boolean;
}

export interface AlertItemView {
  id: number;
  tid: string;
  kind: AlertKind;
  severity: 'info' | 'warning' | 'critical';
  dueAt: number | null;
  raisedAt: number;
  resolvedAt: number | null;
  detail: string;
  ackedAt: number | null;
  ackedBy: string | null;
  snoozedUntil: number | null;
}

/** `GET /api/alerts?state=open&limit=&cursor=`: a page in group order, most overdue first inside a group. */
export interface AlertPage {
  items: AlertItemView[];
  /** Alerts in this state (and kind, when asked): the badge number for state=open. */
  total: number;
  nextCursor: string | null;
  /** Per-group counts in display order (all groups of this state, whatever the kind filter). */
  groups: AlertGroupCount[];
  /** Acknowledged or snoozed alerts (state=open only), for the "muted" link. */
  muted: number;
}

export interface OfficeOutputs {
  'orders.counts': OrderCountsView;
  'alerts.acknowledge': AlertItemView;
  'alerts.snooze': AlertItemView;
  'alerts.unmute': AlertItemView;
}
