// React hooks over the data layer: useRpc (a typed query with stale answers dropped, errors surfaced and
// reloads on pushed changes), useAction (busy + error for a user action), useHashRoute (the URL as state).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ChangeEvent, Input, Method, Output } from '../../shared/api/contract.js';
import { send, subscribe } from '../api/client.js';
import type { Screen } from '../context.js';
import { ActionRunner, QueryController, reloadOnChanges, type QueryState } from './query.js';
import { formatHash, parseHash, ScreenMemory, type Route } from './route.js';

export interface RpcOptions {
  /** Re-fetch (debounced) when one of these change kinds is pushed. */
  reloadOn?: ReadonlyArray<ChangeEvent['kind']>;
  /** false: don't fetch (yet). */
  enabled?: boolean;
  reloadDelayMs?: number;
}

export interface RpcResult<T> extends QueryState<T> {
  reload: () => Promise<void>;
  /** Shows an action's answer at once (e.g. the updated object). */
  setData: (data: T) => void;
}

/** One typed call, re-run whenever its input changes (compared by value). */
export function useRpc<K extends Method>(method: K, input: Input<K>, opts: RpcOptions = {}): RpcResult<Output<K>> {
  const [ctl] = useState(() => new QueryController<Output<K>>());
  const state = useSyncExternalStore(ctl.subscribe, ctl.getState, ctl.getState);
  const key = JSON.stringify(input);
  const enabled = opts.enabled !== false;
  const reload = useCallback(
    () => (enabled ? ctl.run(() => send(method, JSON.parse(key) as Input<K>)) : Promise.resolve()),
    [ctl, method, key, enabled],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  const kinds = (opts.reloadOn ?? []).join(',');
  const delay = opts.reloadDelayMs ?? 150;
  useEffect(() => {
    if (!kinds) return;
    return reloadOnChanges(subscribe, kinds.split(',') as Array<ChangeEvent['kind']>, () => void reload(), delay);
  }, [kinds, reload, delay]);
  useEffect(() => () => ctl.dispose(), [ctl]);
  const setData = useCallback((d: Output<K>) => ctl.setData(d), [ctl]);
  return { ...state, reload, setData };
}

export interface ActionResult<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  error: unknown;
  reset: () => void;
}

/** A user action (a button): busy while it runs; its error is kept for display, never swallowed. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): ActionResult<A, R> {
  const [runner] = useState(() => new ActionRunner<A, R>(fn));
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => runner.setFn((...args: A) => latest.current(...args)), [runner]);
  const state = useSyncExternalStore(runner.subscribe, runner.getState, runner.getState);
  return { run: runner.run, busy: state.busy, error: state.error, reset: runner.reset };
}

// ---- the route: one store over window.location.hash ----

const routeListeners = new Set<() => void>();
let current: Route | null = null;
const memory = new ScreenMemory(typeof sessionStorage !== 'undefined' ? sessionStorage : undefined);

function readRoute(): Route {
  const hash = typeof window === 'undefined' ? '' : window.location.hash;
  if (!current || (current as Route & { hash?: string }).hash !== hash) {
    current = Object.assign(parseHash(hash), { hash });
    memory.remember(current);
  }
  return current;
}
function emitRoute() {
  for (const l of [...routeListeners]) l();
}
function subscribeRoute(fn: () => void): () => void {
  routeListeners.add(fn);
  if (routeListeners.size === 1) window.addEventListener('hashchange', emitRoute);
  return () => {
    routeListeners.delete(fn);
    if (routeListeners.size === 0) window.removeEventListener('hashchange', emitRoute);
  };
}

export interface HashRoute extends Route {
  /** Opens a screen; without params it comes back with the filters it had. */
  navigate: (screen: Screen, arg?: string | null, params?: Record<string, string | undefined>) => void;
  /** Changes this screen's params (filters) in place: no new history entry. */
  setParams: (patch: Record<string, string | undefined | null>) => void;
  /** Sets or clears the arg (e.g. the open order) keeping the params. */
  setArg: (arg: string | null) => void;
}

export function useHashRoute(): HashRoute {
  const route = useSyncExternalStore(subscribeRoute, readRoute, readRoute);
  const navigate = useCallback((screen: Screen, arg: string | null = null, params?: Record<string, string | undefined>) => {
    window.location.hash = formatHash({ screen, arg, params: params ?? memory.paramsOf(screen) });
  }, []);
  const replace = useCallback((next: Route) => {
    window.history.replaceState(null, '', formatHash(next));
    emitRoute();
  }, []);
  const setParams = useCallback(
    (patch: Record<string, string | undefined | null>) => {
      const r = readRoute();
      const params: Record<string, string> = { ...r.params };
      for (const [k, v] of Object.entries(patch)) {
        if (v == null || v === '') delete params[k];
        else params[k] = v;
      }
      replace({ ...r, params });
    },
    [replace],
  );
  const setArg = useCallback((arg: string | null) => replace({ ...readRoute(), arg }), [replace]);
  return useMemo(() => ({ ...route, navigate, setParams, setArg }), [route, navigate, setParams, setArg]);
}
