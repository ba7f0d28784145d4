// The orders methods of the typed contract: views, the clerk's mark-shipped, the supervisor's reveal.
import type { AppOutputs, HandlersOf, OrdersOutputs } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { getOrder, listOrders } from './query.js';
import { reveal, setSupervisorPin, type KeyValueStore } from './reveal.js';
import { markShipped } from './write.js';

export function ordersHandlers(
  d: CoreDeps,
  o: { kv: KeyValueStore; onPinChanged: () => void },
): HandlersOf<OrdersOutputs> & HandlersOf<Pick<AppOutputs, 'settings.setSupervisorPin'>> {
  const mustGet = (tid: string) => {
    const v = getOrder(d.db, tid, d.viewCtx());
    if (!v) throw new ApiError(404, 'not_found', `order ${tid} not found`, 'tid');
    return v;
  };
  return {
    'orders.list': (input) => listOrders(d.db, input, d.viewCtx()),
    'orders.get': ({ tid }) => mustGet(tid),
    'orders.markShipped': ({ by, ...m }) => {
      d.write((ctx) => markShipped(ctx, m, d.actor(by)));
      return mustGet(m.tid);
    },
    'orders.reveal': (r) => {
      const shown = d.write((ctx) => reveal(ctx, o.kv, r));
      if (!shown) throw new ApiError(403, 'forbidden', '主管密码不正确', 'pin');
      return shown;
    },
    'settings.setSupervisorPin': ({ currentPin, newPin }) => {
      setSupervisorPin(o.kv, currentPin, newPin);
      o.onPinChanged();
      return { ok: true };
    },
  };
}
