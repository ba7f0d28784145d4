import os from 'node:os';
import path from 'node:path';

/** Where data lives when SHIPLOCK_DATA_DIR is not set: the same folder Electron uses as userData. */
export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ShipLock');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'ShipLock');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'ShipLock');
}

export interface StationEnv {
  dataDir: string | null;
  port: number;
  host: string;
  eventSecret: string | undefined;
  /** SHIPLOCK_STATION_TOKEN: the bearer token scripts use; generated and kept in settings when unset. */
  stationToken: string | undefined;
  /** SHIPLOCK_SUPERVISOR_PIN: sets the first supervisor PIN at start when none is set (station mode). */
  supervisorPin: string | undefined;
  /** SHIPLOCK_ALLOWED_HOSTS: extra host names (comma-separated) other stations use to reach this one. */
  allowedHosts: string[];
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): StationEnv {
  const port = env.SHIPLOCK_PORT ? Number(env.SHIPLOCK_PORT) : 5317;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SHIPLOCK_PORT “${env.SHIPLOCK_PORT}” is not a port number`);
  return {
    dataDir: env.SHIPLOCK_DATA_DIR || null,
    port,
    host: env.SHIPLOCK_HOST || '127.0.0.1',
    eventSecret: env.SHIPLOCK_EVENT_SECRET || undefined,
    stationToken: env.SHIPLOCK_STATION_TOKEN || undefined,
    supervisorPin: env.SHIPLOCK_SUPERVISOR_PIN || undefined,
    allowedHosts: (env.SHIPLOCK_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
  };
}
