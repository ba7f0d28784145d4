import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.js';
import { Db } from './sql.js';

export class DatabaseTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database ${file} was written by a newer ShipLock (schema version ${found}; this app knows up to ${known}). ` +
        'Update ShipLock, or set SHIPLOCK_DATA_DIR to another folder. The file was not changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  migrations?: Migration[];
}

/** Runs pending migrations; refuses a database from a newer app. */
export function migrate(raw: Database.Database, file: string, migrations: Migration[] = MIGRATIONS): number {
  const known = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const current = raw.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new DatabaseTooNewError(file, current, known);
  for (const m of migrations) {
    if (m.version <= current) continue;
    raw
      .transaction(() => {
        raw.exec(m.up);
        raw.pragma(`user_version = ${m.version}`);
      })
      .immediate();
  }
  return raw.pragma('user_version', { simple: true }) as number;
}

export const DB_FILE_NAME = 'shiplock.sqlite3';

/** Opens (creating if needed) the store under dataDir, in WAL mode, migrated to the current schema. */
export function openDatabase(dataDir: string, opts: OpenOptions = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILE_NAME);
  const raw = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    // Deleted or overwritten content is zeroed, so data sealed after the fact leaves no plaintext in free pages.
    raw.pragma('secure_delete = ON');
    migrate(raw, file, opts.migrations ?? MIGRATIONS);
    // Let SQLite gather planner statistics where they are missing or stale (cheap; recommended at open).
    raw.pragma('optimize = 0x10002');
  } catch (e) {
    raw.close();
    throw e;
  }
  return new Db(raw);
}

/**
 * Another connection to a store this process already opened (the import worker's): the same pragmas, no
 * migration; refuses a store whose schema is not the one this build knows.
 */
export function openConnection(file: string, opts: { nativeBinding?: string | null } = {}): Db {
  const raw = new Database(file, { fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    raw.pragma('secure_delete = ON');
    // Checkpoints stay with the main connection's checkpointer (or its automatic ones), off this commit.
    raw.pragma('wal_autocheckpoint = 0');
    const version = raw.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) throw new Error(`schema version ${version}, expected ${SCHEMA_VERSION}`);
  } catch (e) {
    raw.close();
    throw e;
  }
  return new Db(raw);
}

export { SCHEMA_VERSION };
