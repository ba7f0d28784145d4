// The station HTTP server: the same handler map as Electron's IPC, plus the stable REST routes of
// spec/platform-events.md ("Station HTTP API"), server-sent change events, and the built React UI.
import Busboy from 'busboy';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ChangeEvent } from '../../shared/api/contract.js';
import type { Core } from '../app/core.js';
import { ApiError, toApiError } from '../app/errors.js';

export interface StationServerOptions {
  core: Core;
  /** The built renderer (index.html and assets). */
  rendererDir: string | null;
  host?: string;
  port?: number;
}

export interface StationServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

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

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function sendError(res: http.ServerResponse, e: unknown): void {
  const err = toApiError(e);
  const body = err.toBody();
  // The imports route documents `{ errors: [...] }` at the top level as well.
  send(res, err.status, err.errors ? { ...body, errors: err.errors } : body);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new ApiError(413, 'too_large', `request body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, MAX_JSON_BYTES);
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new ApiError(400, 'invalid_json', `body is not JSON: ${(e as Error).message}`);
  }
}

function readMultipart(req: http.IncomingMessage): Promise<Array<{ name: string; data: Uint8Array }>> {
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: MAX_UPLOAD_BYTES, files: 20 } });
    } catch (e) {
      reject(new ApiError(400, 'invalid_input', `expected multipart/form-data: ${(e as Error).message}`));
      return;
    }
    const files: Array<{ name: string; data: Uint8Array }> = [];
    const pending: Promise<void>[] = [];
    bb.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise((done, fail) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('limit', () => fail(new ApiError(413, 'too_large', `${info.filename}: file over ${MAX_UPLOAD_BYTES} bytes`)));
          stream.on('end', () => {
            files.push({ name: info.filename || 'upload', data: new Uint8Array(Buffer.concat(chunks)) });
            done();
          });
        }),
      );
    });
    bb.on('error', (e) => reject(new ApiError(400, 'invalid_input', `multipart: ${(e as Error).message}`)));
    bb.on('close', () => Promise.all(pending).then(() => resolve(files), reject));
    req.pipe(bb);
  });
}

function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));
}

function authorized(req: http.IncomingMessage, url: URL, token: string): boolean {
  if (isLoopback(req.socket.remoteAddress)) return true;
  const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '') || url.searchParams.get('token') || '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function serveStatic(res: http.ServerResponse, rendererDir: string | null, pathname: string): void {
  if (!rendererDir) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The UI is not built: run `npm run build`.');
    return;
  }
  const clean = path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = path.join(rendererDir, clean);
  if (!file.startsWith(rendererDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
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

async function route(core: Core, req: http.IncomingMessage, res: http.ServerResponse, url: URL, rendererDir: string | null) {
  const p = url.pathname;
  const m = req.method ?? 'GET';
  if (!p.startsWith('/api/')) {
    if (m !== 'GET' && m !== 'HEAD') throw new ApiError(405, 'method_not_allowed', `${m} ${p}`);
    return serveStatic(res, rendererDir, p);
  }
  if (!authorized(req, url, core.settings.stationToken)) {
    throw new ApiError(401, 'unauthorized', 'requests from other machines need Authorization: Bearer <station token>');
  }
  const query = Object.fromEntries(url.searchParams);
  if (p === '/api/health' && m === 'GET') return send(res, 200, await core.dispatch('app.health', {}));
  if (p === '/api/stream' && m === 'GET') return sse(req, res, core);
  if (p === '/api/events' && m === 'POST') {
    const raw = await readBody(req, MAX_JSON_BYTES);
    const h = (n: string) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v[0] : v;
    };
    return send(res, 202, core.ingestSigned(raw, { timestamp: h('x-erp-timestamp'), signature: h('x-erp-signature') }));
  }
  if (p === '/api/imports' && m === 'POST') {
    const files = await readMultipart(req);
    return send(res, 200, await core.dispatch('imports.run', { files }));
  }
  if (p === '/api/orders' && m === 'GET') return send(res, 200, await core.dispatch('orders.list', query));
  const order = /^\/api\/orders\/([^/]+)$/.exec(p);
  if (order && m === 'GET') return send(res, 200, await core.dispatch('orders.get', { tid: decodeURIComponent(order[1]!) }));
  if (p === '/api/settings' && m === 'GET') return send(res, 200, await core.dispatch('settings.get', {}));
  if (p === '/api/settings' && (m === 'PUT' || m === 'PATCH'))
    return send(res, 200, await core.dispatch('settings.update', await readJson(req)));
  const ship = /^\/api\/orders\/([^/]+)\/ship$/.exec(p);
  if (ship && m === 'POST') {
    const body = (await readJson(req)) as Record<string, unknown>;
    return send(res, 200, await core.dispatch('orders.markShipped', { ...body, tid: decodeURIComponent(ship[1]!) }));
  }
  if (p === '/api/interceptions' && m === 'GET') return send(res, 200, await core.dispatch('interceptions.list', query));
  if (p === '/api/interceptions' && m === 'POST') return send(res, 201, await core.dispatch('interceptions.create', await readJson(req)));
  const icp = /^\/api\/interceptions\/([^/]+)(?:\/(release|refund|retry))?$/.exec(p);
  if (icp) {
    const requestId = decodeURIComponent(icp[1]!);
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
    const batchNo = decodeURIComponent(batch[1]!);
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
      });
      return res.end(html);
    }
    if ((action === 'picklist.csv' || action === 'slips.csv') && m === 'GET') {
      const body = core.renderBatch(batchNo, action);
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'cache-control': 'no-store',
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
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://station.local');
    route(opts.core, req, res, url, rendererDir).catch((e) => {
      if (!res.headersSent) sendError(res, e);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 5317, host, () => {
      const addr = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        url: `http://${shownHost}:${addr.port}`,
        port: addr.port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
