// Handlers of the order methods added for the office screens (triage counts). Spread into core's handler map.
import type { Handlers } from '../../shared/api/contract.js';
import type { Db } from '../db/sql.js';
import { countOrders, type ViewContext } from './query.js';

export { startSearchIndexer } from './search.js';

export function orderHandlers(db: Db, viewCtx: () => ViewContext & { windowMonths: number }): Pick<Handlers, 'orders.counts'> {
  return {
    'orders.counts': (input) => countOrders(db, { ...input, limit: 1 }, viewCtx()),
  };
}
