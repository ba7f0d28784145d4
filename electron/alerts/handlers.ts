// Handlers of the alert methods (paged list, acknowledge, snooze, unmute).
import type { AlertsOutputs, HandlersOf, OfficeOutputs } from '../../shared/api/contract.js';
import type { ChangeBus } from '../app/bus.js';
import type { CoreDeps } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { BadAlertCursorError, getAlert, listAlertPage, muteAlert } from './alerts.js';

export function alertsHandlers(
  d: CoreDeps & { bus: ChangeBus },
): HandlersOf<AlertsOutputs> & HandlersOf<Pick<OfficeOutputs, 'alerts.acknowledge' | 'alerts.snooze' | 'alerts.unmute'>> {
  const change = (id: number, ok: boolean) => {
    if (!ok) throw new ApiError(404, 'alert_not_found', `alert ${id} not found`, 'id', undefined, { id });
    d.bus.emit({ kind: 'alerts.changed', critical: [] });
    return getAlert(d.db, id)!;
  };
  return {
    'alerts.list': (input) => {
      try {
        return listAlertPage(d.db, input, d.now());
      } catch (e) {
        if (e instanceof BadAlertCursorError) throw new ApiError(400, 'invalid_input', e.message, e.path);
        throw e;
      }
    },
    'alerts.acknowledge': ({ id, by }) => change(id, muteAlert(d.db, id, { ack: true, by: d.actor(by), now: d.now() })),
    'alerts.snooze': ({ id, minutes }) => change(id, muteAlert(d.db, id, { snoozeUntil: d.now() + minutes * 60_000 })),
    'alerts.unmute': ({ id }) => change(id, muteAlert(d.db, id, { unmute: true })),
  };
}
