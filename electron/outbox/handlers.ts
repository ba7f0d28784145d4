import type { HandlersOf, OutboxOutputs } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import { readOutbox } from './outbox.js';

export function outboxHandlers(d: CoreDeps): HandlersOf<OutboxOutputs> {
  return { 'outbox.list': ({ after, limit }) => readOutbox(d.db, after, limit) };
}
