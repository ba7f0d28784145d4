// Is the station reachable? A heartbeat (`app.health` every second, over IPC or HTTP); after 3 s without
// an answer the app is offline. One watcher however many components ask. Screens that must fail closed
// (the pack station) stop on `online === false`; `reconnects` counts the returns, so they can re-check.
import { useSyncExternalStore } from 'react';
import { isNetworkError, onNetworkError, reopenStream, send } from './client.js';

export const HEARTBEAT_MS = 1_000;
// 2.5 s without an answer, so the stop shows within 3 s of the outage whatever the heartbeat phase.
export const OFFLINE_AFTER_MS = 2_500;
const CALL_TIMEOUT_MS = 1_500;
const REFUSED_OFFLINE_MS = 1_500;

export interface Connection {
  online: boolean;
  /** When it went offline (null while online). */
  offlineSince: number | null;
  /** How many times it came back. */
  reconnects: number;
}

let state: Connection = { online: true, offlineSince: null, reconnects: 0 };
/** When the last heartbeat answered (kept out of the snapshot: a routine beat re-renders nothing). */
let lastOkAt = Date.now();
const listeners = new Set<() => void>();
let beat: ReturnType<typeof setInterval> | undefined;
let watch: ReturnType<typeof setInterval> | undefined;
let lastTick = Date.now();
let inFlight = false;
let offNet: (() => void) | undefined;

function set(next: Connection) {
  state = next;
  for (const l of [...listeners]) l();
}

function heartbeat(): void {
  if (inFlight) return;
  inFlight = true;
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), CALL_TIMEOUT_MS));
  Promise.race([send('app.health', {}), timeout])
    .then(() => {
      lastOkAt = Date.now();
      if (!state.online) {
        reopenStream();
        set({ online: true, offlineSince: null, reconnects: state.reconnects + 1 });
      }
    })
    .catch((e: unknown) => {
      // Refused outright (the station process is gone, not just slow): a second refusal in a row is enough.
      if (isNetworkError(e) && Date.now() - lastOkAt >= REFUSED_OFFLINE_MS && state.online) {
        set({ ...state, online: false, offlineSince: Date.now() });
      } else {
        check();
        if (isNetworkError(e) && state.online) setTimeout(heartbeat, 300); // ask again soon, not in a second
      }
    })
    .finally(() => {
      inFlight = false;
    });
}

function check(): void {
  const now = Date.now();
  // A throttled background tab or a sleeping PC is not an outage: start the count again from here.
  if (now - lastTick > 2 * HEARTBEAT_MS + 500 && state.online) lastOkAt = Math.max(lastOkAt, now - HEARTBEAT_MS);
  lastTick = now;
  if (state.online && now - lastOkAt >= OFFLINE_AFTER_MS) set({ ...state, online: false, offlineSince: now });
}

function start() {
  lastOkAt = Date.now();
  lastTick = Date.now();
  heartbeat();
  beat = setInterval(heartbeat, HEARTBEAT_MS);
  watch = setInterval(check, 200);
  offNet = onNetworkError(() => heartbeat());
}

function stop() {
  clearInterval(beat);
  clearInterval(watch);
  offNet?.();
}

export function subscribeConnection(fn: () => void): () => void {
  listeners.add(fn);
  if (listeners.size === 1) start();
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0) stop();
  };
}

export const connectionNow = (): Connection => state;

/** The connection state, re-rendering on going offline and on coming back. */
export function useConnection(): Connection {
  return useSyncExternalStore(subscribeConnection, connectionNow);
}
