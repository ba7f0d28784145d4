// One client for both transports: Electron IPC (window.shiplock from the preload) and the station
// HTTP API (same-origin fetch + server-sent events). Screens only ever call `send`, `subscribe` and
// `importFiles`.
import type { ApiErrorBody, ChangeEvent, ImportFileError, ImportResult, Input, Method, Output } from '../../shared/api/contract.js';

interface Bridge {
  send(method: string, input: unknown): Promise<unknown>;
  subscribe(fn: (e: ChangeEvent) => void): () => void;
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
  /** Values for wording the error in the UI language (`errors.<code>`). */
  readonly params: Record<string, string | number> | null;
  constructor(body: ApiErrorBody['error'], status: number | null = null, errors?: ImportFileError[]) {
    super(body.message);
    this.name = 'ApiClientError';
    this.code = body.code;
    this.path = body.path ?? null;
    this.status = status;
    this.errors = errors ?? body.errors ?? [];
    this.params = body.params ?? null;
  }
}

const TOKEN_KEY = 'shiplock.token';

/** `?token=` on the page URL (a remote station's link) is kept in localStorage and removed from the address bar. */
function initToken(): string | null {
  try {
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get('token');
    if (fromUrl) {
      localStorage.setItem(TOKEN_KEY, fromUrl);
      url.searchParams.delete('token');
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
      return fromUrl;
    }
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

const token = typeof window !== 'undefined' ? initToken() : null;
const bridge = (): Bridge | undefined => (typeof window !== 'undefined' ? window.shiplock : undefined);

export const isElectron = (): boolean => bridge() != null;

/**
 * A station HTTP URL for links and new windows (print views, CSV downloads), which cannot carry the
 * Authorization header: a remote station's token goes in `?token=`. `base` is '' for same-origin.
 */
export function stationHref(pathAndQuery: string, base = '', tokenOverride?: string | null): string {
  const tok = tokenOverride !== undefined ? tokenOverride : token;
  if (!tok) return base + pathAndQuery;
  return `${base}${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}token=${encodeURIComponent(tok)}`;
}

function authHeaders(): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
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
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify(input ?? {}),
    });
  } catch (e) {
    throw toError(null, null, `network error: ${(e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw toError(res.status, body, `${res.status} ${res.statusText}`);
  return body as Output<K>;
}

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

/** Change events from the main process; one shared connection however many screens listen. */
export function subscribe(fn: Listener): () => void {
  listeners.add(fn);
  if (listeners.size === 1) {
    const b = bridge();
    if (b) bridgeOff = b.subscribe(dispatch);
    else {
      source = new EventSource(token ? `/api/stream?token=${encodeURIComponent(token)}` : '/api/stream');
      source.onmessage = (m) => {
        try {
          dispatch(JSON.parse(m.data as string) as ChangeEvent);
        } catch {
          /* ignore malformed */
        }
      };
    }
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

export async function importFiles(files: File[], onProgress?: UploadProgress): Promise<ImportResult> {
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
    return send('imports.run', { files: payload });
  }
  return new Promise<ImportResult>((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
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
      else reject(toError(xhr.status, body, `${xhr.status} ${xhr.statusText}`));
    };
    xhr.onerror = () => reject(toError(null, null, 'network error'));
    xhr.send(form);
  });
}
