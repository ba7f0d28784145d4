import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DatabaseTooNewError, DB_FILE_NAME, migrate, openDatabase, SCHEMA_VERSION } from '../../electron/db/open.js';
import { tempDir } from '../helpers/fixtures.js';

describe('migrations', () => {
  it('creates the schema in WAL mode and records user_version', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    assert.equal(db.raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(db.raw.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
    const again = openDatabase(dir); // idempotent
    assert.equal(again.raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    again.close();
  });

  it('refuses a database written by a newer app, without touching it', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const raw = new Database(path.join(dir, DB_FILE_NAME));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    assert.throws(
      () => openDatabase(dir),
      (e: unknown) => {
        assert.ok(e instanceof DatabaseTooNewError);
        assert.match((e as Error).message, /newer ShipLock/);
        return true;
      },
    );
    const check = new Database(path.join(dir, DB_FILE_NAME));
    assert.equal(check.pragma('user_version', { simple: true }), SCHEMA_VERSION + 5);
    check.close();
  });

  it('a failing migration rolls back whole, leaving the previous version', () => {
    const raw = new Database(':memory:');
    const migrations = [
      { version: 1, name: 'one', up: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'two', up: 'CREATE TABLE b (x INTEGER); INSERT INTO nope VALUES (1);' },
    ];
    assert.throws(() => migrate(raw, ':memory:', migrations), /no such table: nope/);
    assert.equal(raw.pragma('user_version', { simple: true }), 1);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    assert.deepEqual(tables, ['a']);
    raw.close();
  });
});
