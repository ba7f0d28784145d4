import type { Settings } from '../../shared/settings.js';
import type { Db } from '../db/sql.js';
import type { FactBus } from './facts.js';

/** What every write path gets: the database (inside a transaction), the time, settings, facts, and changed tids. */
export interface WriteContext {
  db: Db;
  now: number;
  settings: Settings;
  /** Announce facts to the capabilities that subscribe to them (same transaction). */
  facts: FactBus;
  /** tids whose view changed, pushed to renderers after the commit. */
  touched: Set<string>;
  /** Seals buyer data at rest with the data key (AES-256-GCM); `aad` binds a value to its row. */
  vault: Vault;
}

/** The data key's two operations, without the key: what the order writer and the reveal need. */
export interface Vault {
  seal(plain: string, aad: string): string;
  /** Opens a sealed value (a value written before sealing existed is returned as it is). */
  open(value: string, aad: string): string;
}

/** What read paths need to build views. */
export interface ViewContext {
  now: number;
  privacyNumberDays: number;
  windowMonths?: number;
}

/** What each capability's handlers get from the composition root. */
export interface CoreDeps {
  db: Db;
  now: () => number;
  settings: () => Settings;
  /** Runs fn in one transaction with a write context, then pushes the changed orders. */
  write<T>(fn: (ctx: WriteContext) => T): T;
  /** Views need the time and the privacy-number life. */
  viewCtx: () => ViewContext & { windowMonths: number };
  /** Who acted: the clerk named in the request, else the station's name. */
  actor: (by?: string) => string;
}
