// One process per data folder: an exclusive lock file (`shiplock.lock`, created with O_EXCL) holding the
// holder's pid. A lock left by a process that no longer runs (SIGKILL, power cut) is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { FILE_MODE } from './files.js';

export const LOCK_FILE_NAME = 'shiplock.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
  ) {
    super(
      `ShipLock is already running on the data folder ${dataDir}` +
        (holderPid ? ` (process ${holderPid})` : '') +
        '. Close that window / station first, or set SHIPLOCK_DATA_DIR to another folder. ' +
        `锁单助手已在使用此数据目录${holderPid ? `(进程 ${holderPid})` : ''},请先关闭它。`,
    );
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Locks this process holds, released together at exit (one listener, however many cores a test opens). */
const held = new Set<() => void>();
let exitHooked = false;
function onExit(release: () => void): void {
  held.add(release);
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const r of [...held]) r();
  });
}

export interface DataDirLock {
  file: string;
  release(): void;
}

/** Takes the data folder's lock for this process, or throws DataDirLockedError naming the holder. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', FILE_MODE);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readHolder(file) === process.pid) fs.rmSync(file, { force: true });
        held.delete(release);
      };
      onExit(release);
      return { file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readHolder(file);
      if (holder != null && alive(holder)) throw new DataDirLockedError(dataDir, holder);
      if (holder == null) {
        // Being written this very moment by another starter, or empty garbage: give it a moment.
        const age = Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
        if (age < 2000) throw new DataDirLockedError(dataDir, null);
      }
      fs.rmSync(file, { force: true }); // stale: the holder is gone
    }
  }
  throw new DataDirLockedError(dataDir, readHolder(file));
}
