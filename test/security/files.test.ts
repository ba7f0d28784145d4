// Issue #9: a private data folder (0700, files 0600), one process per data folder, the data key outside
// the folder, and AES-256-GCM sealing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from '../../electron/security/instance-lock.js';
import { keyFileFor, loadDataKey, parseDataKey, type SafeStorageLike } from '../../electron/security/keys.js';
import { isSealed, open, openJson, openIfSealed, seal, SealError, sealJson } from '../../electron/security/seal.js';
import { modeOf } from '../../electron/security/files.js';
import { makeCore } from '../helpers/core.js';
import { tempDir } from '../helpers/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const posix = process.platform !== 'win32';

describe('data folder permissions', { skip: !posix && 'POSIX modes only' }, () => {
  it('folder 0700; database, -wal, -shm, settings.json and the lock 0600', () => {
    const dir = path.join(tempDir(), 'data');
    const c = makeCore({ dataDir: dir });
    try {
      c.postEvents([]);
    } catch {
      /* an empty batch is refused; we only want a write attempt */
    }
    c.db.run({ text: "INSERT INTO audit_log (at, actor, action) VALUES (1, 't', 'x')", params: [] });
    assert.equal(modeOf(dir), 0o700);
    for (const f of ['shiplock.sqlite3', 'shiplock.sqlite3-wal', 'shiplock.sqlite3-shm', 'settings.json', LOCK_FILE_NAME]) {
      assert.ok(fs.existsSync(path.join(dir, f)), `${f} exists`);
      assert.equal(modeOf(path.join(dir, f)), 0o600, f);
    }
    c.close();
  });

  it('an existing loose folder is tightened at start', () => {
    const dir = path.join(tempDir(), 'loose');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'settings.json'), '{}', { mode: 0o644 });
    fs.chmodSync(path.join(dir, 'settings.json'), 0o644);
    const c = makeCore({ dataDir: dir });
    c.close();
    assert.equal(modeOf(dir), 0o700);
    assert.equal(modeOf(path.join(dir, 'settings.json')), 0o600);
  });
});

describe('one process per data folder', () => {
  it('a second core on the same folder is refused, naming the holder; a stale lock is taken over', () => {
    const dir = tempDir();
    const c = makeCore({ dataDir: dir });
    assert.throws(
      () => makeCore({ dataDir: dir }),
      (e: unknown) => e instanceof DataDirLockedError && e.holderPid === process.pid && /already running/.test(e.message),
    );
    c.close();
    const again = makeCore({ dataDir: dir });
    again.close();
    // A lock left by a process that died (SIGKILL) does not block a restart.
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), '999999999\n');
    fs.utimesSync(path.join(dir, LOCK_FILE_NAME), new Date(0), new Date(0));
    const lock = acquireDataDirLock(dir);
    assert.equal(fs.readFileSync(lock.file, 'utf8').trim(), String(process.pid));
    lock.release();
    assert.ok(!fs.existsSync(path.join(dir, LOCK_FILE_NAME)));
  });

  it('a second station process exits with a clear message naming the holder (and no restart code)', async () => {
    const dir = tempDir('shiplock-lock-');
    const c = makeCore({ dataDir: dir });
    try {
      const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron', 'station.ts')], {
        cwd: ROOT,
        env: { ...process.env, SHIPLOCK_DATA_DIR: dir, SHIPLOCK_PORT: '0', SHIPLOCK_KEY_DIR: `${dir}-keys` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      proc.stdout.on('data', (b: Buffer) => (out += b));
      proc.stderr.on('data', (b: Buffer) => (out += b));
      const code = await new Promise<number | null>((r) => proc.once('exit', r));
      assert.equal(code, 78, out);
      assert.match(out, new RegExp(`already running on the data folder .*\\(process ${process.pid}\\)`));
    } finally {
      c.close();
    }
  });
});

describe('data key', () => {
  it('SHIPLOCK_DATA_KEY as hex or base64, 32 bytes only', () => {
    const k = crypto.randomBytes(32);
    assert.deepEqual(parseDataKey(k.toString('hex')), k);
    assert.deepEqual(parseDataKey(k.toString('base64')), k);
    assert.throws(() => parseDataKey(crypto.randomBytes(16).toString('hex')), /32 bytes/);
    assert.throws(() => parseDataKey('not a key!'), /32 bytes/);
    const got = loadDataKey({ dataDir: tempDir(), env: { SHIPLOCK_DATA_KEY: k.toString('base64') } });
    assert.equal(got.source, 'env');
    assert.deepEqual(got.key, k);
  });

  it('station mode: a 0600 key file in a 0700 folder outside the data folder, stable across starts', () => {
    const dataDir = tempDir();
    const keyDir = path.join(tempDir(), 'keys');
    const env = { SHIPLOCK_KEY_DIR: keyDir };
    const a = loadDataKey({ dataDir, env });
    const b = loadDataKey({ dataDir, env });
    assert.equal(a.source, 'file');
    assert.deepEqual(a.key, b.key);
    assert.equal(a.file, keyFileFor(dataDir, env));
    assert.ok(!a.file!.startsWith(dataDir), 'not inside the data folder');
    if (posix) {
      assert.equal(modeOf(a.file!), 0o600);
      assert.equal(modeOf(keyDir), 0o700);
    }
    assert.notDeepEqual(loadDataKey({ dataDir: tempDir(), env }).key, a.key, 'one key per data folder');
  });

  it('Electron: the key kept encrypted by the OS keychain (safeStorage)', () => {
    const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
    const safe: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString: (s) => xor(Buffer.from(s)),
      decryptString: (b) => xor(b).toString(),
    };
    const dataDir = tempDir();
    const env = { SHIPLOCK_KEY_DIR: path.join(tempDir(), 'k') };
    const a = loadDataKey({ dataDir, env, safeStorage: safe });
    assert.equal(a.source, 'safeStorage');
    assert.ok(!fs.readFileSync(a.file!).toString().includes(a.key.toString('base64')), 'the blob is encrypted');
    assert.deepEqual(loadDataKey({ dataDir, env, safeStorage: safe }).key, a.key);
  });

  it('createCore takes the key through CoreOptions.dataKey', () => {
    const c = makeCore();
    assert.equal(c.dataKey.length, 32);
    c.close();
  });
});

describe('seal / open (AES-256-GCM)', () => {
  const key = crypto.randomBytes(32);
  it('round-trips strings and JSON with a versioned prefix and a fresh IV each time', () => {
    const s = seal(key, '吴勇艳 18910284423');
    assert.ok(s.startsWith('sl1:'));
    assert.ok(isSealed(s));
    assert.notEqual(seal(key, 'x'), seal(key, 'x'));
    assert.equal(open(key, s), '吴勇艳 18910284423');
    const j = sealJson(key, { phone: '18910284423', n: 1 }, 'buyer_private:1');
    assert.deepEqual(openJson(key, j, 'buyer_private:1'), { phone: '18910284423', n: 1 });
    assert.equal(openIfSealed(key, 'plain legacy'), 'plain legacy');
    assert.ok(!s.includes('18910284423'));
  });
  it('a wrong key, wrong aad, truncation or any flipped bit is refused', () => {
    const s = seal(key, 'secret', 'a');
    assert.throws(() => open(crypto.randomBytes(32), s, 'a'), SealError);
    assert.throws(() => open(key, s, 'b'), SealError);
    assert.throws(() => open(key, s.slice(0, 10)), SealError);
    assert.throws(() => open(key, 'xx:abc'), SealError);
    const raw = Buffer.from(s.slice(4), 'base64url');
    raw[raw.length - 1]! ^= 1;
    assert.throws(() => open(key, `sl1:${raw.toString('base64url')}`, 'a'), SealError);
    assert.throws(() => seal(Buffer.alloc(16), 'x'), /32 bytes/);
  });
});
