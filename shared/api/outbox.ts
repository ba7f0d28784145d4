// The outbox: what the app emitted (interception results, memo updates, buyer messages).
import { z } from 'zod';
import type { InputsFor } from './common.js';

export interface OutboxEnvelopeView {
  id: string;
  type: string;
  platform: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export interface OutboxOutputs {
  'outbox.list': { items: OutboxEnvelopeView[]; cursor: string };
}

export const outboxInputs = {
  'outbox.list': z.object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
} as const satisfies InputsFor<OutboxOutputs>;
