// The data folder is private to the user running ShipLock: the folder 0700, every file in it 0600
// (the SQLite database with its -wal and -shm, settings.json, the lock and access log). SQLite gives
// -wal and -shm the mode of the database file, so the database file is created 0600 before it is opened.
import fs from 'node:fs';
import path from 'node:path';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';

/** Creates the folder (0700) if needed, tightens it and every regular file directly in it to 0700 / 0600. */
export function secureDataDir(dir: string, opts: { precreate?: string[] } = {}): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  for (const name of opts.precreate ?? []) {
    // 'a' creates the file with FILE_MODE when missing and never truncates an existing one.
    fs.closeSync(fs.openSync(path.join(dir, name), 'a', FILE_MODE));
  }
  if (!POSIX) return;
  fs.chmodSync(dir, DIR_MODE);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) secureFile(path.join(dir, entry.name));
  }
}

/** chmod 0600 when the file exists (a no-op on Windows, where ACLs of the profile folder apply). */
export function secureFile(file: string): void {
  if (!POSIX) return;
  try {
    const st = fs.lstatSync(file);
    if (st.isFile() && (st.mode & 0o777) !== FILE_MODE) fs.chmodSync(file, FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Mode bits of a path (for checks and tests). */
export function modeOf(p: string): number {
  return fs.statSync(p).mode & 0o777;
}
