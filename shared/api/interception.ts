// Interception (锁单): requests, their history and the clerk's actions.
import { z } from 'zod';
import { INTERCEPTION_STATUSES, type InterceptionSource, type InterceptionStatus } from '../rules/interception.js';
import { by, flagInput, tidField, type InputsFor } from './common.js';

const reason = z.string().trim().min(1, 'a reason is required').max(500);
const requestIdInput = z.object({ requestId: z.string().trim().min(1).max(128) });

export const createInterceptionInput = z.object({
  tid: tidField,
  /** Leave out for the whole order (主订单拦截); or the sub-orders (子订单拦截). */
  oids: z.array(z.string().trim().min(1).max(64)).min(1).max(200).optional(),
  /** A clerk's own request in the app must say why (platform and customer-service requests need not). */
  reason,
  by,
});
export const interceptionActionInput = requestIdInput.extend({ reason, by });

export const listInterceptionsInput = z.object({
  status: z.enum(INTERCEPTION_STATUSES).optional(),
  /** open = waiting, received, locked, or failed holding locks. */
  open: flagInput.optional(),
  q: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export interface InterceptionHistoryItem {
  at: number;
  from: InterceptionStatus | null;
  to: InterceptionStatus;
  actor: string;
  note: string;
}

export interface InterceptionView {
  requestId: string;
  tid: string;
  /** The targeted sub-orders; null = the whole order. */
  oids: string[] | null;
  /** Lines this request holds locked right now. */
  lockedOids: string[];
  source: InterceptionSource;
  reason: string;
  status: InterceptionStatus;
  result: 'SUCCESS' | 'FAIL' | null;
  message: string | null;
  requestedAt: number;
  receivedAt: number;
  decidedAt: number | null;
  updatedAt: number;
  history: InterceptionHistoryItem[];
  /** Locked lines of this request still in a printed batch (已锁单·待撤出): the parcel is not pulled yet. */
  toWithdraw: Array<{ oid: string; batchNo: string; seq: number | null; bin: string | null }>;
}

/** What the catch-up would send for a request decided before the setup was finished. */
export interface PendingNoticeView {
  requestId: string;
  tid: string;
  status: InterceptionStatus;
  result: 'SUCCESS' | 'FAIL' | null;
  memo: string;
  flag: number;
  notices: string[];
}

export interface InterceptionOutputs {
  'interceptions.catchUpPreview': { ready: boolean; items: PendingNoticeView[] };
  'interceptions.catchUp': { sent: number };
  'interceptions.list': { items: InterceptionView[] };
  'interceptions.get': InterceptionView;
  'interceptions.create': InterceptionView;
  'interceptions.release': InterceptionView;
  'interceptions.refund': InterceptionView;
  'interceptions.retry': InterceptionView;
}

export const interceptionInputs = {
  'interceptions.catchUpPreview': z.object({}),
  'interceptions.catchUp': z.object({ requestIds: z.array(z.string().trim().min(1).max(128)).min(1).max(5000), by }),
  'interceptions.list': listInterceptionsInput,
  'interceptions.get': requestIdInput,
  'interceptions.create': createInterceptionInput,
  'interceptions.release': interceptionActionInput,
  'interceptions.refund': interceptionActionInput,
  'interceptions.retry': interceptionActionInput,
} as const satisfies InputsFor<InterceptionOutputs>;
