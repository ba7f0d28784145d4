// Handlers of the alert methods (paged list, acknowledge, snooze, unmute). Spread into core's handler map.
import type { Handlers } from '../../shared/api/contract.js';
import type { ChangeBus } from '../app/bus.js';
import { ApiError } from '../app/errors.js';
import type { Db } from '../db/sql.js';
import { BadAlertCursorError, getAlert, listAlertPage, muteAlert } from './alerts.js';

export { openAlertCounts } from './alerts.js';

export interface AlertHandlerDeps {
  db: Db;
  now: () => number;
  bus: ChangeBus;
  actor: (by?: string) => string;
}

type AlertMethods = 'alerts.list' | 'alerts.acknowledge' | 'alerts.snooze' | 'alerts.unmute';

export function alertHandlers({ db, now, bus, actor }: AlertHandlerDeps): Pick<Handlers, AlertMethods> {
  const change = (id: number, ok: boolean) => {
    if (!ok) throw new ApiError(404, 'alert_not_found', `alert ${id} not found`, 'id', undefined, { id });
    bus.emit({ kind: 'alerts.changed', critical: [] });
    return getAlert(db, id)!;
  };
  return {
    'alerts.list': (input) => {
      try {
        return listAlertPage(db, input, now());
      } catch (e) {
        if (e instanceof BadAlertCursorError) throw new ApiError(400, 'invalid_input', e.message, e.path);
        throw e;
      }
    },
    'alerts.acknowledge': ({ id, by }) => change(id, muteAlert(db, id, { ack: true, by: actor(by), now: now() })),
    'alerts.snooze': ({ id, minutes }) => change(id, muteAlert(db, id, { snoozeUntil: now() + minutes * 60_000 })),
    'alerts.unmute': ({ id }) => change(id, muteAlert(db, id, { unmute: true })),
  };
}
