// The orders methods of the typed contract: views, the clerk's mark-shipped, the supervisor's reveal.
import type { AppOutputs, HandlersOf, OfficeOutputs, OrdersOutputs } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { countOrders, getOrder, listOrders } from './query.js';
import { reveal } from './reveal.js';
import { markShipped } from './write.js';

export function ordersHandlers(
  d: CoreDeps,
  o: {
    /** The supervisor PIN guard (security capability): async scrypt, lockout, every try audited. */
    pin: {
      check(pin: string, who: string, meta: { tid: string; purpose: string }): Promise<boolean>;
      change(current: string | undefined, next: string, station: string, via: 'api' | 'desktop' | 'terminal'): Promise<void>;
    };
    onPinChanged: () => void;
  },
): HandlersOf<OrdersOutputs> &
  HandlersOf<Pick<AppOutputs, 'settings.setSupervisorPin'>> &
  HandlersOf<Pick<OfficeOutputs, 'orders.counts'>> {
  const mustGet = (tid: string) => {
    const v = getOrder(d.db, tid, d.viewCtx());
    if (!v) throw new ApiError(404, 'not_found', `order ${tid} not found`, 'tid');
    return v;
  };
  return {
    'orders.list': (input) => listOrders(d.db, input, d.viewCtx()),
    'orders.get': ({ tid }) => mustGet(tid),
    'orders.counts': (input) => countOrders(d.db, { ...input, limit: 1 }, d.viewCtx()),
    'orders.markShipped': ({ by, ...m }) => {
      d.write((ctx) => markShipped(ctx, m, d.actor(by)));
      return mustGet(m.tid);
    },
    'orders.reveal': async (r) => {
      const pinOk = await o.pin.check(r.pin, r.supervisor, { tid: r.tid, purpose: 'reveal' });
      const shown = d.write((ctx) => reveal(ctx, r, pinOk));
      if (!shown) throw new ApiError(403, 'forbidden', '主管密码不正确', 'pin');
      return shown;
    },
    'settings.setSupervisorPin': async ({ currentPin, newPin }) => {
      await o.pin.change(currentPin, newPin, 'station', 'api');
      o.onPinChanged();
      return { ok: true };
    },
  };
}
