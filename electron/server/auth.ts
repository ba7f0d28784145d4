// Who may call the station's API. Every /api route needs a credential from any address, loopback included,
// except GET /api/health and the HMAC-signed POST /api/events:
//   - scripts: `Authorization: Bearer <station token>`;
//   - browsers: a session cookie (HttpOnly, SameSite=Strict), set by opening `/?token=<one-time login token
//     or station token>`, which then redirects to the clean URL (Jupyter's model). A cookie-authenticated
//     state change must also come from the station's own origin (Origin / Sec-Fetch-Site) with a JSON
//     (or, for imports, multipart) body: cross-site forms and text/plain posts are refused.
//   - the Host header must name this station (loopback, the configured host, one of this machine's
//     addresses, or SHIPLOCK_ALLOWED_HOSTS), which defeats DNS rebinding.
// Sessions are stateless HMAC cookies keyed by the station token: rotating the token logs everyone out.
import crypto from 'node:crypto';
import type http from 'node:http';
import os from 'node:os';

export const SESSION_DAYS = 30;
const TICKET_TTL_MS = 24 * 60 * 60_000;

export type AuthKind = 'bearer' | 'cookie' | null;

export interface StationAuthOptions {
  /** The current station token (read each time: it can be rotated). */
  token: () => string;
  /** The bind address (SHIPLOCK_HOST). */
  bindHost: string;
  /** Extra host names clients may use (SHIPLOCK_ALLOWED_HOSTS). */
  allowedHosts?: string[];
  now?: () => number;
}

function safeEqual(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y) && a.length === b.length;
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The host part of a Host header value (`[::1]:5317` → `::1`, `Example.COM.` → `example.com`). */
export function hostName(hostHeader: string): string | null {
  const h = hostHeader.trim().toLowerCase();
  const m = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h) ?? /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return m ? m[1]!.replace(/\.$/, '') : null;
}

export class StationAuth {
  private port = 0;
  private readonly tickets = new Map<string, number>();
  private readonly now: () => number;
  constructor(private readonly o: StationAuthOptions) {
    this.now = o.now ?? (() => Date.now());
  }

  setPort(port: number): void {
    this.port = port;
  }

  get cookieName(): string {
    // Cookies ignore ports: two stations on one machine must not overwrite each other's session.
    return `shiplock_session_${this.port}`;
  }

  // ---- Host (DNS rebinding) ----

  private hostCache: { at: number; names: Set<string> } | null = null;

  /** Allowed names, recomputed at most every 30 s (network interfaces can change: DHCP, Wi-Fi). */
  private allowedHostNames(): Set<string> {
    const now = Date.now();
    if (this.hostCache && now - this.hostCache.at < 30_000) return this.hostCache.names;
    const names = this.computeHostNames();
    this.hostCache = { at: now, names };
    return names;
  }

  private computeHostNames(): Set<string> {
    const names = new Set(['localhost', '127.0.0.1', '::1']);
    const bind = this.o.bindHost.toLowerCase();
    const wide = bind === '0.0.0.0' || bind === '::';
    if (!wide) names.add(bind.replace(/^\[|\]$/g, ''));
    if (wide) {
      for (const list of Object.values(os.networkInterfaces()))
        for (const a of list ?? []) names.add(a.address.toLowerCase().replace(/%.*$/, ''));
      const hn = os.hostname().toLowerCase();
      if (hn) names.add(hn);
    }
    for (const h of this.o.allowedHosts ?? []) if (h.trim()) names.add(h.trim().toLowerCase());
    return names;
  }

  hostAllowed(req: http.IncomingMessage): boolean {
    const h = header(req, 'host');
    if (!h) return false;
    const name = hostName(h);
    if (!name) return false;
    return this.allowedHostNames().has(name) || name.endsWith('.localhost');
  }

  // ---- credentials ----

  /** A one-time login token (`/?token=`), valid once, for `ttlMs`. */
  issueTicket(ttlMs = TICKET_TTL_MS): string {
    const t = `t${crypto.randomBytes(24).toString('base64url')}`;
    this.tickets.set(t, this.now() + ttlMs);
    if (this.tickets.size > 1000) {
      for (const [k, exp] of this.tickets) if (exp < this.now()) this.tickets.delete(k);
    }
    return t;
  }

  /** Exchanges a one-time ticket (consumed) or the station token for a session. */
  redeem(given: string): boolean {
    if (!given || given.length > 200) return false;
    const exp = this.tickets.get(given);
    if (exp !== undefined) {
      this.tickets.delete(given);
      return exp >= this.now();
    }
    return safeEqual(given, this.o.token());
  }

  private sessionKey(): Buffer {
    return crypto.createHmac('sha256', this.o.token()).update('shiplock session v1').digest();
  }

  private mac(body: string): string {
    return crypto.createHmac('sha256', this.sessionKey()).update(body).digest('base64url');
  }

  /** A new session cookie's Set-Cookie value. */
  sessionCookie(): string {
    const exp = this.now() + SESSION_DAYS * 86_400_000;
    const body = `v1.${exp}.${crypto.randomBytes(12).toString('base64url')}`;
    return `${this.cookieName}=${body}.${this.mac(body)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_DAYS * 86_400}`;
  }

  clearCookie(): string {
    return `${this.cookieName}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
  }

  private cookieValid(req: http.IncomingMessage): boolean {
    const raw = header(req, 'cookie');
    if (!raw) return false;
    for (const part of raw.split(';')) {
      const i = part.indexOf('=');
      if (i < 0 || part.slice(0, i).trim() !== this.cookieName) continue;
      const m = /^(v1\.(\d{1,16})\.[A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(part.slice(i + 1).trim());
      if (m && Number(m[2]) > this.now() && safeEqual(m[3]!, this.mac(m[1]!))) return true;
    }
    return false;
  }

  /** Which credential the request carries (a wrong bearer token counts as none). */
  authenticate(req: http.IncomingMessage): AuthKind {
    const authz = header(req, 'authorization');
    if (authz) {
      const m = /^Bearer\s+(\S{1,200})\s*$/i.exec(authz);
      return m && safeEqual(m[1]!, this.o.token()) ? 'bearer' : null;
    }
    return this.cookieValid(req) ? 'cookie' : null;
  }

  // ---- cross-site requests ----

  /**
   * For a cookie-authenticated request: null when it may proceed, else why not. State changes must come
   * from this origin with a JSON (or multipart for imports) body; reads must not come from another site.
   */
  crossSiteProblem(req: http.IncomingMessage, o: { stateChange: boolean; multipart: boolean }): string | null {
    const site = header(req, 'sec-fetch-site');
    const origin = header(req, 'origin');
    const host = header(req, 'host') ?? '';
    if (!o.stateChange) {
      if (site && site !== 'same-origin' && site !== 'none') return `a ${site} page may not read the station`;
      return null;
    }
    if (site && site !== 'same-origin') return `cross-origin request (Sec-Fetch-Site: ${site})`;
    if (origin !== undefined) {
      if (origin !== `http://${host}` && origin !== `https://${host}`) return `cross-origin request (Origin: ${origin.slice(0, 100)})`;
    } else if (!site) return 'a state change needs an Origin or Sec-Fetch-Site header';
    const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const want = o.multipart ? 'multipart/form-data' : 'application/json';
    if (type !== want) return `expected Content-Type: ${want}`;
    return null;
  }
}
