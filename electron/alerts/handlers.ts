import type { AlertsOutputs, HandlersOf } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import { listAlerts } from './alerts.js';

export function alertsHandlers(d: CoreDeps): HandlersOf<AlertsOutputs> {
  return { 'alerts.list': ({ state }) => ({ items: listAlerts(d.db, state) }) };
}
