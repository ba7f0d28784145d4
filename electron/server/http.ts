// The station HTTP server: the same handler map as Electron's IPC, plus the stable REST routes of
// spec/platform-events.md ("Station HTTP API"), server-sent change events, and the built React UI.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ChangeEvent } from '../../shared/api/contract.js';
import type { Core } from '../app/core.js';
import { ApiError, toApiError } from '../app/errors.js';
import { isLoopback, openAccessLog, type AccessLog } from './access-log.js';
import { StationAuth, type AuthKind } from './auth.js';
import { BodyError, MAX_FILES, MAX_JSON_BYTES, readBody, readJson, readMultipart, utf8 } from './body.js';

export interface StationServerOptions {
  core: Core;
  /** The built renderer (index.html and assets). */
  rendererDir: string | null;
  host?: string;
  port?: number;
  /** Host names other stations use for this one (SHIPLOCK_ALLOWED_HOSTS); loopback and this machine's addresses always work. */
  allowedHosts?: string[];
  /** Where requests from other machines are logged (no tokens, no query strings); null: not logged. */
  accessLogFile?: string | null;
}

export interface StationServer {
  url: string;
  port: number;
  /** Sessions and one-time login tokens (`/?token=`). */
  auth: StationAuth;
  /** A fresh one-time login URL (for the terminal, or the desktop app's "open in browser"). */
  loginUrl(next?: string): string;
  close(): Promise<void>;
}

/** CSP for the UI: everything from this origin, no inline scripts, no eval, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

function send(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, e: unknown, closeConnection: boolean): void {
  const err = toApiError(e);
  const body = err.toBody();
  // The imports route documents `{ errors: [...] }` at the top level as well.
  send(res, err.status, body.error.errors ? { ...body, errors: body.error.errors } : body, closeConnection ? { connection: 'close' } : {});
}

/** A path segment, percent-decoded; a bad escape is the client's error (400), not ours. */
function param(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new ApiError(400, 'invalid_input', 'bad percent-escape in the URL');
  }
}

const UNAUTHORIZED =
  '需要登录:请打开工作站终端或桌面版「设置」中显示的登录链接;脚本请发送 Authorization: Bearer <工作站令牌> — ' +
  'sign in: open the login URL printed in the station terminal (or shown in 设置), scripts send Authorization: Bearer <station token>';

function loginPage(res: http.ServerResponse, status: number, title: string, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>ShipLock 锁单助手</title></head>` +
      `<body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>${title}</h1><p>${text}</p></body></html>`,
  );
}

function serveStatic(res: http.ServerResponse, rendererDir: string | null, pathname: string): void {
  if (!rendererDir) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The UI is not built: run `npm run build`.');
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '/';
  }
  const clean = path.normalize(decoded.replace(/\0/g, '')).replace(/^([/\\])+/, '');
  let file = path.join(rendererDir, clean);
  if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    file = path.join(rendererDir, 'index.html'); // SPA fallback
  }
  const ext = path.extname(file);
  res.writeHead(200, {
    'content-type': MIME[ext] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  fs.createReadStream(file).pipe(res);
}

function sse(req: http.IncomingMessage, res: http.ServerResponse, core: Core): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const push = (e: ChangeEvent) => res.write(`data: ${JSON.stringify(e)}\n\n`);
  const off = core.bus.subscribe(push);
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  req.on('close', () => {
    off();
    clearInterval(ping);
  });
}

interface RouteCtx {
  core: Core;
  auth: StationAuth;
  rendererDir: string | null;
  /** Set once the request's credential is known (for the access log). */
  authKind: AuthKind;
}

/** `GET /anything?token=…`: a one-time login token or the station token becomes a session cookie, then the clean URL. */
function login(ctx: RouteCtx, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  const given = url.searchParams.get('token') ?? '';
  url.searchParams.delete('token');
  const clean = url.pathname + (url.searchParams.size ? `?${url.searchParams}` : '');
  if (!ctx.auth.redeem(given)) {
    return loginPage(
      res,
      401,
      '登录链接无效或已使用 · Login link invalid or used',
      '请使用工作站终端新打印的登录链接,或桌面版「设置」中的链接。This one-time link was already used or is wrong: use the latest login URL from the station terminal.',
    );
  }
  res.writeHead(303, {
    location: clean.startsWith('/') && !clean.startsWith('//') ? clean : '/',
    'set-cookie': ctx.auth.sessionCookie(),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end();
}

async function route(ctx: RouteCtx, req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  const { core, rendererDir } = ctx;
  const p = url.pathname;
  const m = req.method ?? 'GET';
  if ((m === 'GET' || m === 'HEAD') && url.searchParams.has('token')) return login(ctx, req, res, url);
  if (!p.startsWith('/api/')) {
    if (m !== 'GET' && m !== 'HEAD') throw new ApiError(405, 'method_not_allowed', `${m} ${p}`);
    return serveStatic(res, rendererDir, p);
  }
  if (p === '/api/health' && m === 'GET') return send(res, 200, await core.dispatch('app.health', {}));
  if (p === '/api/events' && m === 'POST') {
    const raw = await readBody(req, MAX_JSON_BYTES);
    utf8(raw, 'the signed body');
    const h = (n: string) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v[0] : v;
    };
    // While an import is being written (in its worker) the events wait here, in order, instead of blocking.
    await core.db.gate.whenOpen();
    return send(res, 202, core.ingestSigned(raw, { timestamp: h('x-erp-timestamp'), signature: h('x-erp-signature') }));
  }
  ctx.authKind = ctx.auth.authenticate(req);
  if (!ctx.authKind) throw new ApiError(401, 'unauthorized', UNAUTHORIZED);
  if (ctx.authKind === 'cookie') {
    const problem = ctx.auth.crossSiteProblem(req, {
      stateChange: m !== 'GET' && m !== 'HEAD',
      multipart: p === '/api/imports',
    });
    if (problem) throw new ApiError(403, 'forbidden', `refused: ${problem}`);
  }
  const query = Object.fromEntries(url.searchParams);
  if (p === '/api/stream' && m === 'GET') return sse(req, res, core);
  if (p === '/api/imports' && m === 'POST') {
    const fields = new Map<string, string>();
    const staged = await readMultipart(req, {
      maxBytes: core.settings.get().maxUploadMB * 1024 * 1024,
      maxFiles: MAX_FILES,
      fields,
      stageDir: core.uploadDir,
    });
    let result;
    try {
      // A saved column mapping for files no built-in reader recognises (form field or query), for scripts.
      const mapping = fields.get('mapping') || query.mapping;
      result = await core.dispatch('imports.run', { files: staged.files, ...(mapping ? { mapping } : {}) });
    } finally {
      await staged.cleanup(); // before the answer, whatever the outcome: no upload outlives its request
    }
    return send(res, 200, result);
  }
  if (p === '/api/orders' && m === 'GET') return send(res, 200, await core.dispatch('orders.list', query));
  const order = /^\/api\/orders\/([^/]+)$/.exec(p);
  if (order && m === 'GET') return send(res, 200, await core.dispatch('orders.get', { tid: param(order[1]!) }));
  if (p === '/api/settings' && m === 'GET') return send(res, 200, await core.dispatch('settings.get', {}));
  if (p === '/api/settings' && (m === 'PUT' || m === 'PATCH'))
    return send(res, 200, await core.dispatch('settings.update', await readJson(req)));
  const ship = /^\/api\/orders\/([^/]+)\/ship$/.exec(p);
  if (ship && m === 'POST') {
    const body = (await readJson(req)) as Record<string, unknown>;
    return send(res, 200, await core.dispatch('orders.markShipped', { ...body, tid: param(ship[1]!) }));
  }
  if (p === '/api/interceptions' && m === 'GET') return send(res, 200, await core.dispatch('interceptions.list', query));
  if (p === '/api/interceptions' && m === 'POST') return send(res, 201, await core.dispatch('interceptions.create', await readJson(req)));
  const icp = /^\/api\/interceptions\/([^/]+)(?:\/(release|refund|retry))?$/.exec(p);
  if (icp) {
    const requestId = param(icp[1]!);
    if (!icp[2] && m === 'GET') return send(res, 200, await core.dispatch('interceptions.get', { requestId }));
    if (icp[2] && m === 'POST') {
      const body = (await readJson(req)) as Record<string, unknown>;
      const method = `interceptions.${icp[2]}` as 'interceptions.release';
      return send(res, 200, await core.dispatch(method, { ...body, requestId }));
    }
  }
  if (p === '/api/batches' && m === 'GET') return send(res, 200, await core.dispatch('batches.list', {}));
  if (p === '/api/batches' && m === 'POST') return send(res, 201, await core.dispatch('batches.create', await readJson(req)));
  const batch = /^\/api\/batches\/([^/]+)(?:\/(printed|withdraw|print|picklist\.csv|slips\.csv))?$/.exec(p);
  if (batch) {
    const batchNo = param(batch[1]!);
    const action = batch[2];
    if (!action && m === 'GET') return send(res, 200, await core.dispatch('batches.get', { batchNo }));
    if (action === 'printed' && m === 'POST')
      return send(res, 200, await core.dispatch('batches.markPrinted', { ...((await readJson(req)) as object), batchNo }));
    if (action === 'withdraw' && m === 'POST')
      return send(res, 200, await core.dispatch('batches.withdrawLine', { ...((await readJson(req)) as object), batchNo }));
    if (action === 'print' && m === 'GET') {
      const kind = (['picklist', 'slips', 'all'] as const).find((k) => k === query.kind) ?? 'all';
      const size = query.size === 'label' ? 'label' : query.size === 'A4' ? 'A4' : undefined;
      const flag = (v: string | undefined) => (v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined);
      const html = core.renderBatch(batchNo, 'html', {
        kind,
        size,
        locale: query.lang === 'en' ? 'en' : query.lang === 'zh-CN' ? 'zh-CN' : undefined,
        showPrice: flag(query.price),
        showShop: flag(query.shop),
      });
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      return res.end(html);
    }
    if ((action === 'picklist.csv' || action === 'slips.csv') && m === 'GET') {
      const body = core.renderBatch(batchNo, action);
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': `attachment; filename="${batchNo}-${action === 'picklist.csv' ? 'picklist' : 'slips'}.csv"`,
      });
      return res.end(body);
    }
  }
  if (p === '/api/checks/run' && m === 'POST') return send(res, 200, await core.dispatch('checks.run', {}));
  if (p === '/api/alerts' && m === 'GET') return send(res, 200, await core.dispatch('alerts.list', query));
  if (p === '/api/outbox' && m === 'GET') return send(res, 200, await core.dispatch('outbox.list', query));
  if (p === '/api/pack/scan' && m === 'POST') return send(res, 200, await core.dispatch('pack.scan', await readJson(req)));
  const rpc = /^\/api\/rpc\/([a-z.]+)$/i.exec(p);
  if (rpc && m === 'POST') return send(res, 200, await core.dispatchByName(rpc[1]!, await readJson(req)));
  throw new ApiError(404, 'not_found', `no route ${m} ${p}`);
}

export function startStationServer(opts: StationServerOptions): Promise<StationServer> {
  const host = opts.host ?? '127.0.0.1';
  const rendererDir = opts.rendererDir && fs.existsSync(path.join(opts.rendererDir, 'index.html')) ? path.resolve(opts.rendererDir) : null;
  const auth = new StationAuth({ token: () => opts.core.settings.stationToken, bindHost: host, allowedHosts: opts.allowedHosts });
  const accessLog: AccessLog | null = opts.accessLogFile ? openAccessLog(opts.accessLogFile) : null;
  const server = http.createServer((req, res) => {
    const ctx: RouteCtx = { core: opts.core, auth, rendererDir, authKind: null };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://station.local');
    } catch {
      url = new URL('http://station.local/');
    }
    if (accessLog && !isLoopback(req.socket.remoteAddress)) {
      res.once('finish', () =>
        accessLog.write({
          remote: req.socket.remoteAddress ?? '?',
          method: req.method ?? '?',
          path: url.pathname,
          status: res.statusCode,
          auth: ctx.authKind,
        }),
      );
    }
    const fail = (e: unknown) => {
      if (res.headersSent) return void res.destroy();
      // A body we did not read (refused early) is discarded; the connection closes after the answer.
      const unread = !req.readableEnded;
      if (unread) req.resume();
      sendError(res, e, unread || (e instanceof BodyError && e.closeConnection));
    };
    if (!auth.hostAllowed(req)) {
      return fail(
        new ApiError(
          421,
          'misdirected_request',
          `Host ${String(req.headers.host ?? '').slice(0, 100)} is not this station (set SHIPLOCK_ALLOWED_HOSTS)`,
        ),
      );
    }
    route(ctx, req, res, url).catch(fail);
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 30_000;
  server.requestTimeout = 15 * 60_000;
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 5317, host, () => {
      const addr = server.address() as AddressInfo;
      auth.setPort(addr.port);
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      const url = `http://${shownHost}:${addr.port}`;
      resolve({
        url,
        port: addr.port,
        auth,
        loginUrl: (next = '/') => {
          const u = new URL(next.startsWith('/') ? next : `/${next}`, url);
          u.searchParams.set('token', auth.issueTicket());
          return `${url}${u.pathname}${u.search}${u.hash}`;
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => {
              accessLog?.close();
              done();
            });
          }),
      });
    });
  });
}
