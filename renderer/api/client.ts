// One client for both transports: Electron IPC (window.shiplock from the preload) and the station
// HTTP API (same-origin fetch + server-sent events, authenticated by the session cookie that the
// login URL `/?token=…` sets; the page never sees a token). Screens only ever call `send`, `subscribe` and
// `importFiles`.
import type { ApiErrorBody, ChangeEvent, ImportFileError, ImportResult, Input, Method, Output } from '../../shared/api/contract.js';
import type { UnknownHeaderView } from '../../shared/api/mappings.js';
import i18n from '../i18n.js';

export interface DesktopSecrets {
  eventSecret: string;
  stationToken: string;
  outboxKey: string;
  fromEnv: Record<'eventSecret' | 'stationToken' | 'outboxKey', boolean>;
}

export interface DesktopBridge {
  revealSecrets(): Promise<{ ok: DesktopSecrets } | { error: ApiErrorBody['error'] }>;
  rotateSecret(name: 'eventSecret' | 'stationToken' | 'outboxKey'): Promise<{ ok: string } | { error: ApiErrorBody['error'] }>;
  setFirstPin(pin: string): Promise<{ ok: true } | { error: ApiErrorBody['error'] }>;
  /** A one-time login link to this station for another computer (never the token itself). */
  loginLink(): Promise<{ ok: string | null } | { error: ApiErrorBody['error'] }>;
}

interface Bridge {
  send(method: string, input: unknown): Promise<unknown>;
  subscribe(fn: (e: ChangeEvent) => void): () => void;
  desktop?: DesktopBridge;
}

declare global {
  interface Window {
    shiplock?: Bridge;
  }
}

/** Thrown for every failed call, whichever transport: the server's `{ error: { code, message, path } }`. */
export class ApiClientError extends Error {
  readonly code: string;
  readonly path: string | null;
  readonly status: number | null;
  readonly errors: ImportFileError[];
  /** code `unknown_header`: the files to map, with their columns and first rows. */
  readonly unknownHeaders: UnknownHeaderView[];
  /** Values for wording the error in the UI language (`errors.<code>`). */
  readonly params: Record<string, string | number> | null;
  constructor(body: ApiErrorBody['error'], status: number | null = null, errors?: ImportFileError[]) {
    super(body.message);
    this.unknownHeaders = body.unknownHeaders ?? [];
    this.name = 'ApiClientError';
    this.code = body.code;
    this.path = body.path ?? null;
    this.status = status;
    this.errors = errors ?? body.errors ?? [];
    this.params = body.params ?? null;
  }
}

const bridge = (): Bridge | undefined => (typeof window !== 'undefined' ? window.shiplock : undefined);

export const isElectron = (): boolean => bridge() != null;

/** The desktop app's own actions (IPC only; never offered over HTTP): secrets and the first supervisor PIN. */
export const desktop = (): DesktopBridge | null => bridge()?.desktop ?? null;

/**
 * A station HTTP URL for links and new windows (print views, CSV downloads). In a browser the session
 * cookie goes along; the desktop app opens it in the system browser with a one-time login ticket that
 * the main process adds (the station token never goes into a URL). `base` is '' for same-origin.
 */
export function stationHref(pathAndQuery: string, base = ''): string {
  return base + pathAndQuery;
}

/** Set when the station answered 401: the UI shows how to sign in. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}
function unauthorized(status: number | null) {
  if (status === 401) for (const l of [...unauthorizedListeners]) l();
}

function toError(status: number | null, body: unknown, fallback: string): ApiClientError {
  const b = body as (Partial<ApiErrorBody> & { errors?: ImportFileError[] }) | null;
  if (b && typeof b === 'object' && b.error && typeof b.error.message === 'string') {
    return new ApiClientError(b.error, status, b.errors ?? b.error.errors);
  }
  return new ApiClientError({ code: status ? `http_${status}` : 'network', message: fallback, path: null }, status);
}

export async function send<K extends Method>(method: K, input: Input<K>): Promise<Output<K>> {
  const b = bridge();
  if (b) {
    const r = (await b.send(method, input)) as { ok: Output<K> } | { error: ApiErrorBody['error'] };
    if ('error' in r) throw new ApiClientError(r.error);
    return r.ok;
  }
  let res: Response;
  try {
    res = await fetch(`/api/rpc/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
  } catch (e) {
    for (const l of [...networkListeners]) l();
    throw toError(null, null, i18n.t('net.unreachable', { detail: (e as Error).message }));
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    unauthorized(res.status);
    throw toError(res.status, body, `${res.status} ${res.statusText}`);
  }
  return body as Output<K>;
}

const networkListeners = new Set<() => void>();
/** Told whenever a call could not reach the station at all (the connection watch checks at once). */
export function onNetworkError(fn: () => void): () => void {
  networkListeners.add(fn);
  return () => networkListeners.delete(fn);
}

/** True for a call that never reached the station (not an answer from it). */
export const isNetworkError = (e: unknown): boolean => e instanceof ApiClientError && e.code === 'network';

type Listener = (e: ChangeEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let bridgeOff: (() => void) | null = null;

function dispatch(e: ChangeEvent) {
  for (const l of [...listeners]) {
    try {
      l(e);
    } catch (err) {
      console.error(err);
    }
  }
}

function openStream(): EventSource {
  const s = new EventSource('/api/stream'); // the session cookie authenticates it
  s.onmessage = (m) => {
    try {
      dispatch(JSON.parse(m.data as string) as ChangeEvent);
    } catch {
      /* ignore malformed */
    }
  };
  return s;
}

/** After the station came back: a fresh event stream (an EventSource that gave up does not retry). */
export function reopenStream(): void {
  if (bridge() || !source) return;
  source.close();
  source = openStream();
}

/** Change events from the main process; one shared connection however many screens listen. */
export function subscribe(fn: Listener): () => void {
  listeners.add(fn);
  if (listeners.size === 1) {
    const b = bridge();
    if (b) bridgeOff = b.subscribe(dispatch);
    else source = openStream();
  }
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0) {
      source?.close();
      source = null;
      bridgeOff?.();
      bridgeOff = null;
    }
  };
}

/** Upload progress: bytes sent of total (browser mode); Electron reports once it has read the files. */
export type UploadProgress = (loaded: number, total: number) => void;

export async function importFiles(files: File[], onProgress?: UploadProgress, mapping?: number): Promise<ImportResult> {
  const b = bridge();
  if (b) {
    const total = files.reduce((n, f) => n + f.size, 0);
    let loaded = 0;
    const payload: Array<{ name: string; data: Uint8Array }> = [];
    for (const f of files) {
      payload.push({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) });
      loaded += f.size;
      onProgress?.(loaded, total);
    }
    return send('imports.run', { files: payload, ...(mapping ? { mapping } : {}) });
  }
  return new Promise<ImportResult>((resolve, reject) => {
    const form = new FormData();
    if (mapping) form.append('mapping', String(mapping));
    for (const f of files) form.append('files', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded, e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportResult);
      else {
        unauthorized(xhr.status);
        reject(toError(xhr.status, body, `${xhr.status} ${xhr.statusText}`));
      }
    };
    xhr.onerror = () => reject(toError(null, null, i18n.t('net.unreachable', { detail: 'XHR' })));
    xhr.send(form);
  });
}
