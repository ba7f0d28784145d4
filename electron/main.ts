// Electron main process: one window on the same services the station server uses, over IPC.
import { app, BrowserWindow, dialog, ipcMain, Notification, safeStorage, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCore, type Core } from './app/core.js';
import { ApiError, toApiError } from './app/errors.js';
import { readEnv } from './app/paths.js';
import { DataDirLockedError, FILE_MODE, loadDataKey, SECRET_NAMES, secureDataDir, type SecretName } from './security/index.js';
import { CONTENT_SECURITY_POLICY, startStationServer, type StationServer } from './server/http.js';
import type { KeyValueStore } from './settings/store.js';
import { confSchema } from './settings/store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const indexHtml = path.join(rendererDir, 'index.html');
/** The one page allowed to talk to the main process: the bundled index.html (any #route). */
const INDEX_URL = pathToFileURL(indexHtml).href;

/** True for the app's own page only: the exact bundled file, not any other file:// URL (a dropped file, a download). */
export function isOwnPage(url: string | undefined | null): boolean {
  if (!url) return false;
  const hash = url.indexOf('#');
  return (hash < 0 ? url : url.slice(0, hash)) === INDEX_URL;
}

/** better-sqlite3 built for Electron's ABI, kept apart from the Node build that `npm test` uses. */
function electronNativeBinding(): string | undefined {
  const candidates = [
    path.join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    path.join(here, '..', '..', '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
  ];
  return candidates.find((c) => fs.existsSync(c));
}

let core: Core | null = null;
let station: StationServer | null = null;
let mainWindow: BrowserWindow | null = null;

/**
 * Loads a print view into a hidden window (no JavaScript) for printToPDF or direct printing. The page goes
 * into a private folder (mkdtemp, 0700; the file 0600): other users of the machine cannot read the slips.
 */
async function printWindow(html: string): Promise<{ win: BrowserWindow; done: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiplock-print-'));
  fs.chmodSync(dir, 0o700);
  const file = path.join(dir, 'print.html');
  fs.writeFileSync(file, html, { mode: FILE_MODE });
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  const done = () => {
    if (!win.isDestroyed()) win.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await win.loadFile(file);
  } catch (e) {
    done();
    throw e;
  }
  return { win, done };
}

/**
 * A station URL for the system browser: the station token never goes into it; a one-time login ticket
 * does (the station turns it into a session cookie and redirects to the clean URL).
 */
function externalStationUrl(url: string): string | null {
  if (!station) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.origin !== new URL(station.url).origin) return null;
  u.searchParams.delete('token');
  return station.loginUrl(u.pathname + u.search);
}

/** Opens a link from the renderer outside the app: station links with a ticket, other http(s) links as they are. */
function openOutside(url: string): void {
  const viaStation = externalStationUrl(url);
  if (viaStation) void shell.openExternal(viaStation);
  else if (/^https?:\/\//.test(url) && !/[?&]token=/.test(url)) void shell.openExternal(url);
}

const desktop: NonNullable<Parameters<typeof createCore>[0]['desktop']> = {
  'batches.exportPdf': async ({ batchNo, kind }) => {
    const { win, done } = await printWindow(core!.renderBatch(batchNo, 'html', { kind }));
    try {
      const pdf = await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
      const target = await dialog.showSaveDialog({ defaultPath: `${batchNo}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      if (target.canceled || !target.filePath) return { path: null };
      fs.writeFileSync(target.filePath, pdf);
      return { path: target.filePath };
    } finally {
      done();
    }
  },
  'batches.print': async ({ batchNo, kind, printer, by }) => {
    // Pick list and slips are separate jobs, each to its own default printer (A4 vs label paper).
    const defaults = core!.settings.get().print;
    const jobs = kind === 'all' ? (['picklist', 'slips'] as const) : [kind];
    for (const job of jobs) {
      const device = kind === 'all' ? ((job === 'slips' ? defaults.slipPrinter : defaults.picklistPrinter) ?? printer) : printer;
      const { win, done } = await printWindow(core!.renderBatch(batchNo, 'html', { kind: job }));
      try {
        await new Promise<void>((resolve, reject) =>
          win.webContents.print({ silent: true, deviceName: device, printBackground: true }, (ok, reason) =>
            ok ? resolve() : reject(new ApiError(502, 'print_failed', `打印失败:${reason}`, 'printer', undefined, { reason })),
          ),
        );
      } finally {
        done();
      }
    }
    await core!.dispatch('batches.markPrinted', { batchNo, by });
    return { ok: true };
  },
  'printers.list': async () => {
    const printers = mainWindow ? await mainWindow.webContents.getPrintersAsync() : [];
    return { items: printers.map((p) => ({ name: p.name, isDefault: Boolean((p as { isDefault?: boolean }).isDefault) })) };
  },
};

async function boot(): Promise<void> {
  const env = readEnv();
  if (env.dataDir) app.setPath('userData', env.dataDir);
  const dataDir = app.getPath('userData');
  secureDataDir(dataDir);
  const store = new ElectronStore({
    cwd: dataDir,
    name: 'settings',
    schema: confSchema() as never,
    configFileMode: FILE_MODE,
  } as never) as unknown as KeyValueStore;
  core = createCore({
    dataDir,
    mode: 'electron',
    settingsStore: store,
    eventSecret: env.eventSecret,
    stationToken: env.stationToken,
    dataKey: loadDataKey({ dataDir, safeStorage }).key,
    nativeBinding: electronNativeBinding(),
    stationUrl: () => station?.url ?? null,
    desktop,
  });
  const c = core;

  const forbidden = () => ({ error: new ApiError(403, 'forbidden', 'unknown sender').toBody().error });
  ipcMain.handle('shiplock:rpc', async (event, method: unknown, input: unknown) => {
    if (!isOwnPage(event.senderFrame?.url)) return forbidden();
    try {
      return { ok: await c.dispatchByName(String(method), input) };
    } catch (e) {
      return { error: toApiError(e).toBody().error };
    }
  });
  // The desktop user's own actions, never offered over HTTP: secrets (audited) and the first supervisor PIN.
  ipcMain.handle('shiplock:desktop', async (event, action: unknown, arg: unknown) => {
    if (!isOwnPage(event.senderFrame?.url)) return forbidden();
    try {
      if (action === 'revealSecrets') return { ok: c.security.secrets.reveal('desktop user', 'desktop') };
      if (action === 'rotateSecret' && SECRET_NAMES.includes(arg as SecretName))
        return { ok: c.security.secrets.rotate(arg as SecretName, 'desktop user', 'desktop') };
      if (action === 'setFirstPin') {
        await c.security.pin.setInitial(String(arg ?? ''), 'desktop user', 'desktop');
        c.bus.emit({ kind: 'settings.changed' });
        return { ok: true };
      }
      if (action === 'loginLink') return { ok: station ? station.loginUrl('/') : null };
      throw new ApiError(400, 'invalid_input', `unknown desktop action ${String(action).slice(0, 40)}`);
    } catch (e) {
      return { error: toApiError(e).toBody().error };
    }
  });

  // The station server also runs inside the Electron app, so other packing stations can connect.
  if (process.env.SHIPLOCK_STATION !== '0') {
    try {
      station = await startStationServer({ core: c, rendererDir, host: env.host, port: env.port });
    } catch (e) {
      console.warn(`station server not started: ${(e as Error).message}`);
    }
  }

  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((wc, permission, cb) => cb(permission === 'notifications' && isOwnPage(wc.getURL())));
  session.defaultSession.setPermissionCheckHandler((wc, permission) => permission === 'notifications' && isOwnPage(wc?.getURL()));

  const win = (mainWindow = new BrowserWindow({
    width: 1600,
    height: 960,
    title: 'ShipLock 锁单助手',
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  }));
  win.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  // Only the app's own page may load in the window: links go to the system browser, a dropped file or any
  // other navigation is refused.
  const guard = (e: { preventDefault(): void }, url: string) => {
    if (isOwnPage(url)) return;
    e.preventDefault();
    openOutside(url);
  };
  win.webContents.on('will-navigate', guard);
  win.webContents.on('will-redirect', guard);
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  const off = c.bus.subscribe((change) => {
    if (!win.isDestroyed()) win.webContents.send('shiplock:change', change);
    // New critical alerts also raise a desktop notification from the main process (tid and kind only, no buyer data).
    if (change.kind === 'alerts.changed' && change.critical.length && Notification.isSupported()) {
      new Notification({
        title: `ShipLock 预警 · ${change.critical.length} 条紧急`,
        body: change.critical
          .slice(0, 3)
          .map((a) => `${a.tid} ${a.kind}`)
          .join('\n'),
      }).show();
    }
    // A new interception: which order, which batch and slip number (篮号), which bin — never buyer data.
    if (change.kind === 'interception.new' && change.items.length && Notification.isSupported()) {
      new Notification({
        title: `ShipLock 新拦截 · ${change.items.length} 单 · 不要发货`,
        body: change.items
          .slice(0, 3)
          .map(
            (a) =>
              `${a.tid}${a.batchNo ? ` 批次 ${a.batchNo}${a.seq != null ? ` 篮号 ${a.seq}` : ''} 需撤出` : ''} 库位 ${a.lines.map((l) => l.bin ?? '-').join('/')}`,
          )
          .join('\n'),
        urgency: 'critical',
      }).show();
    }
  });
  win.on('closed', off);
  await win.loadFile(indexHtml);
}

app.enableSandbox();
// One process per data folder: a second start focuses the first window instead (and the data folder's
// lock file refuses any other process, e.g. a station mode started on the same folder).
if (!app.requestSingleInstanceLock()) {
  console.error('ShipLock is already running (another window holds the single-instance lock). 锁单助手已在运行。');
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app
    .whenReady()
    .then(boot)
    .catch((e) => {
      const msg = (e as Error).message;
      console.error(`ShipLock could not start: ${msg}`);
      if (e instanceof DataDirLockedError) dialog.showErrorBox('ShipLock 锁单助手', msg);
      app.exit(1);
    });
}
app.on('window-all-closed', () => {
  void station?.close();
  core?.close();
  app.quit();
});
