// A stand-in for the `electron` module (the binary cannot be downloaded here): it records what the main
// process wires up — BrowserWindow options, IPC handlers, permission handlers, navigation guards,
// openExternal calls — into globalThis.__electron for the test to assert on.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';

const rec = (globalThis.__electron ??= {
  windows: [],
  ipc: new Map(),
  ipcOn: new Map(),
  openExternal: [],
  loaded: [],
  quit: 0,
  singleInstance: true,
  userData: null,
  permissionRequest: null,
  permissionCheck: null,
  errorBoxes: [],
});

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.url = '';
    this.openHandler = null;
  }
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  }
  send() {}
  getURL() {
    return this.url;
  }
  async getPrintersAsync() {
    return [];
  }
  async printToPDF() {
    return Buffer.from('%PDF-1.4 stub');
  }
  print(_o, cb) {
    cb(true, '');
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.destroyed = false;
    rec.windows.push(this);
  }
  async loadFile(file) {
    const st = fs.statSync(file);
    const dir = fs.statSync(file.slice(0, file.lastIndexOf('/')));
    rec.loaded.push({ file, mode: st.mode & 0o777, dirMode: dir.mode & 0o777 });
    this.webContents.url = `file://${file}`;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
}

class App extends EventEmitter {
  enableSandbox() {
    rec.sandbox = true;
  }
  requestSingleInstanceLock() {
    return rec.singleInstance;
  }
  whenReady() {
    return Promise.resolve();
  }
  setPath(_name, p) {
    rec.userData = p;
  }
  getPath() {
    return rec.userData;
  }
  getVersion() {
    return '0.0.0-test';
  }
  quit() {
    rec.quit++;
  }
  exit(code) {
    rec.exitCode = code;
  }
}
export const app = new App();
rec.app = app;

export const ipcMain = {
  handle(channel, fn) {
    rec.ipc.set(channel, fn);
  },
  on(channel, fn) {
    rec.ipcOn.set(channel, fn);
  },
};

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(fn) {
        rec.headersHook = fn;
      },
    },
    setPermissionRequestHandler(fn) {
      rec.permissionRequest = fn;
    },
    setPermissionCheckHandler(fn) {
      rec.permissionCheck = fn;
    },
  },
};

export const shell = {
  async openExternal(url) {
    rec.openExternal.push(url);
  },
  async openPath() {
    return '';
  },
};

export const dialog = {
  async showSaveDialog() {
    return { canceled: true };
  },
  showErrorBox(title, text) {
    rec.errorBoxes.push(`${title}: ${text}`);
  },
};

export class Notification {
  static isSupported() {
    return false;
  }
  show() {}
}

export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: (s) => Buffer.from(s),
  decryptString: (b) => b.toString(),
};

export const contextBridge = { exposeInMainWorld() {} };
export const ipcRenderer = {};

export default { app, BrowserWindow, ipcMain, session, shell, dialog, Notification, safeStorage, contextBridge, ipcRenderer };
