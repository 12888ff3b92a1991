// Lotwise's main process, kept thin: one instance, one hardened window, the app://
// protocol for the built renderer, and a relay between the window and the core process.
// Every policy decision lives in ./policy as a pure, unit-tested function.
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CALL_NAMES, EVENT_NAMES, type CallName, type CallResult } from '../../shared/api.ts';
import { APP_NAME, LEDGER_FILE } from '../core/paths.ts';
import { startCoreHost, type CoreHost } from './core-host.ts';
import { eventChannel, INVOKE_CHANNEL } from './ipc-channels.ts';
import { resolveAppFile } from './policy/app-files.ts';
import { APP_SCHEME, isTrustedUrl, rendererEntryUrl } from './policy/app-origin.ts';
import { CONTENT_SECURITY_POLICY } from './policy/content-security-policy.ts';
import { mainWindowOptions } from './policy/window-options.ts';

const here = import.meta.dirname;
const rendererDir = join(here, '../renderer');

// userData would follow package.json's name ("lotwise"); it must be the directory the CLI
// also finds (core/paths.ts), and be set before the single-instance lock, which lives there.
app.setName(APP_NAME);
app.setPath('userData', join(app.getPath('appData'), APP_NAME));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const entryUrl = rendererEntryUrl({ isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL });

function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);
}

function demoDir(): string {
  // Packaged, electron-builder copies resources/demo next to app.asar (extraResources).
  return app.isPackaged ? join(process.resourcesPath, 'demo') : join(app.getAppPath(), 'resources', 'demo');
}

async function serveAppFile(request: Request): Promise<Response> {
  const file = resolveAppFile(rendererDir, request.url);
  if (!file) return new Response('Not found', { status: 404 });
  try {
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs')));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(entryUrl);
  return window;
}

function relayCalls(core: CoreHost): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, request: unknown): Promise<CallResult<CallName>> => {
    if (!isTrustedUrl(event.senderFrame?.url, entryUrl)) {
      return { ok: false, error: { code: 'bad-request', message: 'Calls are accepted only from Lotwise’s own window.' } };
    }
    if (!isCallName(name)) {
      return { ok: false, error: { code: 'not-found', message: 'Lotwise has no such call.' } };
    }
    return core.invoke(name, request);
  });
}

function lockDownContents(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (navigation) => {
      if (!isTrustedUrl(navigation.url, entryUrl)) navigation.preventDefault();
    });
    contents.on('will-attach-webview', (attach) => attach.preventDefault());
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownContents();
  protocol.handle(APP_SCHEME, serveAppFile);

  const core = startCoreHost({
    modulePath: join(here, 'utility-process.js'),
    ledgerPath: join(app.getPath('userData'), LEDGER_FILE),
    demoDir: demoDir(),
    onEvent(name, payload) {
      if (!EVENT_NAMES.includes(name)) return;
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(eventChannel(name), payload);
    },
  });
  relayCalls(core);
  app.on('before-quit', () => core.stop());

  let mainWindow = createWindow();
  app.on('second-instance', () => {
    if (mainWindow.isDestroyed()) mainWindow = createWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((error: unknown) => {
    console.error('Lotwise could not start:', error);
    app.exit(1);
  });
}
