import type { Settings } from '../../shared/settings.js';
import type { Db } from '../db/sql.js';

/** What every write path gets: the database (inside a transaction), the time, settings, and changed tids. */
export interface WriteContext {
  db: Db;
  now: number;
  settings: Settings;
  /** tids whose view changed, pushed to renderers after the commit. */
  touched: Set<string>;
}
