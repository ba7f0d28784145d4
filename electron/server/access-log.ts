// Requests from other machines (not loopback) go to `access.log` in the data folder (0600): time, address,
// method, path without the query string (no tokens), status, credential kind. Never headers or bodies.
import fs from 'node:fs';

export interface AccessLog {
  write(e: { remote: string; method: string; path: string; status: number; auth: string | null }): void;
  close(): void;
}

export function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));
}

export function openAccessLog(file: string): AccessLog {
  const stream = fs.createWriteStream(file, { flags: 'a', mode: 0o600 });
  stream.on('error', (e) => console.error(`[shiplock] access log: ${e.message}`));
  stream.once('open', () => {
    try {
      fs.chmodSync(file, 0o600);
    } catch {
      /* best effort */
    }
  });
  const clean = (s: string) => s.replace(/[^\x21-\x7e]/g, '?').slice(0, 300);
  return {
    write: (e) =>
      void stream.write(
        `${new Date().toISOString()} ${clean(e.remote)} ${clean(e.method)} ${clean(e.path)} ${e.status} ${e.auth ?? '-'}\n`,
      ),
    close: () => stream.end(),
  };
}
