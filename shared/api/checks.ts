// Checks (预警 jobs), urge work orders (催发货 / 催揽收) and negotiated shipping (协商发货).
import { z } from 'zod';
import { by, flagInput, tidField, type InputsFor } from './common.js';

export interface CheckRunResult {
  job: string;
  candidates: number;
  raised: number;
  resolved: number;
}
export interface JobRunView {
  name: string;
  lastRunAt: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  runs: number;
}
export interface WorkorderView {
  workOrderId: string;
  tid: string;
  kind: 'urge_ship' | 'urge_pickup';
  createdAt: number;
  dueAt: number;
  status: 'open' | 'closed' | 'not_applicable';
  closedAt: number | null;
  closeAction: string | null;
  note: string;
  /** Replies entered in the app (an urge-ship work order stays open after a reply: pickup completes it). */
  replies: Array<{ at: number; actor: string; text: string }>;
}
export interface NegotiationView {
  negotiationId: string;
  tid: string;
  proposedDeadline: number;
  sentAt: number;
  validUntil: number;
  status: 'open' | 'agreed' | 'declined' | 'expired' | 'void';
  answeredAt: number | null;
  by: string;
}

export interface ChecksOutputs {
  'checks.run': { results: CheckRunResult[]; runs: JobRunView[] };
  'checks.status': { runs: JobRunView[] };
  'workorders.list': { items: WorkorderView[] };
  'workorders.reply': WorkorderView;
  'negotiations.list': { items: NegotiationView[] };
  'negotiations.propose': NegotiationView;
}

export const checksInputs = {
  'checks.run': z.object({}),
  'checks.status': z.object({}),
  'workorders.list': z.object({ tid: tidField.optional(), open: flagInput.optional() }),
  'workorders.reply': z.object({
    workOrderId: z.string().trim().min(1).max(128),
    text: z.string().trim().min(1, 'write a reply').max(500),
    trackingNo: z.string().trim().min(4).max(40).optional(),
    carrier: z.string().trim().min(1).max(40).optional(),
    by,
  }),
  'negotiations.list': z.object({ tid: tidField }),
  'negotiations.propose': z.object({ tid: tidField, proposedDeadline: z.coerce.number().int().positive(), by }),
} as const satisfies InputsFor<ChecksOutputs>;
