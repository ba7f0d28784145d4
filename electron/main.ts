// Electron main process: one window on the same services the station server uses, over IPC.
import { app, BrowserWindow, dialog, ipcMain, Notification, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from './app/core.js';
import { ApiError, toApiError } from './app/errors.js';
import { readEnv } from './app/paths.js';
import { CONTENT_SECURITY_POLICY, startStationServer, type StationServer } from './server/http.js';
import type { KeyValueStore } from './settings/store.js';
import { confSchema } from './settings/store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');

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

/** Loads a print view into a hidden window (no JavaScript) for printToPDF or direct printing. */
async function printWindow(html: string): Promise<{ win: BrowserWindow; done: () => void }> {
  const file = path.join(os.tmpdir(), `shiplock-print-${process.pid}-${Date.now()}.html`);
  fs.writeFileSync(file, html);
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
  await win.loadFile(file);
  return {
    win,
    done: () => {
      win.destroy();
      fs.rmSync(file, { force: true });
    },
  };
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
  const store = new ElectronStore({ cwd: dataDir, name: 'settings', schema: confSchema() as never }) as unknown as KeyValueStore;
  core = createCore({
    dataDir,
    mode: 'electron',
    settingsStore: store,
    eventSecret: env.eventSecret,
    nativeBinding: electronNativeBinding(),
    stationUrl: () => station?.url ?? null,
    desktop,
  });
  const c = core;

  ipcMain.handle('shiplock:rpc', async (event, method: unknown, input: unknown) => {
    if (!event.senderFrame || !event.senderFrame.url.startsWith('file://')) {
      return { error: new ApiError(403, 'forbidden', 'unknown sender').toBody().error };
    }
    try {
      return { ok: await c.dispatchByName(String(method), input) };
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
  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permission === 'notifications'));

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
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith('file://')) e.preventDefault();
  });
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
  });
  win.on('closed', off);
  await win.loadFile(path.join(rendererDir, 'index.html'));
}

app.enableSandbox();
app
  .whenReady()
  .then(boot)
  .catch((e) => {
    console.error(`ShipLock could not start: ${(e as Error).message}`);
    app.exit(1);
  });
app.on('window-all-closed', () => {
  void station?.close();
  core?.close();
  app.quit();
});
