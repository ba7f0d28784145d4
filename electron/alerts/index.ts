// Alerts: one open alert per (order, kind). Other capabilities raise and resolve through these functions.
export {
  listAlerts,
  raiseAlert,
  reconcileAlerts,
  resolveAlert,
  type AlertKind,
  type AlertView,
  type DesiredFor,
  type Severity,
} from './alerts.js';
export { alertsHandlers } from './handlers.js';
export { openAlertCounts } from './alerts.js';
