// Lotwise's main process, kept thin: one instance, one hardened window, its menu, the
// app:// protocol for the built renderer, the key vault, native dialogs, and a relay
// between the window and the core process. Every policy decision lives in ./policy as a
// pure, unit-tested function; the logic around the vault and the relay is Electron-free too.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_NAMES, type EventName, type Events } from '../../shared/api.ts';
import { APP_NAME, LEDGER_FILE } from '../core/paths.ts';
import { startCoreHost } from './core-host.ts';
import { DROP_CHANNEL, eventChannel, INVOKE_CHANNEL } from './ipc-channels.ts';
import { resolveAppFile } from './policy/app-files.ts';
import { applicationMenuTemplate } from './policy/app-menu.ts';
import { APP_SCHEME, eventRecipients, isTrustedSender, isTrustedUrl, rendererEntryUrl } from './policy/app-origin.ts';
import { acceptDroppedFile } from './policy/dropped-files.ts';
import { CONTENT_SECURITY_POLICY } from './policy/content-security-policy.ts';
import { externalLinkTarget } from './policy/external-links.ts';
import { createPickedPaths } from './policy/picked-paths.ts';
import { mainWindowOptions } from './policy/window-options.ts';
import { relayCall } from './relay.ts';
import { createKeyStore } from './vault/key-store.ts';

/** The OS-keychain vault, in userData. */
const KEY_FILE = 'lotwise-keys.json';
/** The passphrase vault: the file the CLI uses by default beside the same ledger. */
const PASSPHRASE_VAULT_FILE = 'lotwise-vault.json';

const here = import.meta.dirname;
const rendererDir = join(here, '../renderer');

// userData would follow package.json's name ("lotwise"); it must be the directory the CLI
// also finds (core/paths.ts), and be set before the single-instance lock, which lives there.
app.setName(APP_NAME);
app.setPath('userData', join(app.getPath('appData'), APP_NAME));
// Every renderer sandboxed, whatever options a future window is created with.
app.enableSandbox();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const entryUrl = rendererEntryUrl({ isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL });

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
  const window = new BrowserWindow(mainWindowOptions({ preloadPath: join(here, '../preload/index.cjs'), isPackaged: app.isPackaged }));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(entryUrl);
  return window;
}

function broadcast<E extends EventName>(name: E, payload: Events[E]): void {
  if (!EVENT_NAMES.includes(name)) return;
  for (const window of eventRecipients(BrowserWindow.getAllWindows(), entryUrl)) window.webContents.send(eventChannel(name), payload);
}

/** A link the page tried to open or navigate to: the browser gets it only if allow-listed. */
function openOutside(url: string): void {
  const target = externalLinkTarget(url);
  if (target !== null) void shell.openExternal(target);
}

function lockDownContents(): void {
  const { defaultSession } = session;
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  defaultSession.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openOutside(url);
      return { action: 'deny' };
    });
    const keepInApp = (navigation: { url: string; preventDefault(): void }) => {
      if (isTrustedUrl(navigation.url, entryUrl)) return;
      navigation.preventDefault();
      openOutside(navigation.url);
    };
    contents.on('will-navigate', keepInApp);
    // will-navigate sees only the main frame; this holds any frame to the same rule. Electron
    // emits it first, and a navigation refused here never reaches will-navigate, so a link
    // opens in the browser once.
    contents.on('will-frame-navigate', keepInApp);
    contents.on('will-redirect', keepInApp);
    contents.on('will-attach-webview', (attach) => attach.preventDefault());
  });
}

function ownerWindow(contents: WebContents): BrowserWindow | null {
  return BrowserWindow.fromWebContents(contents);
}

async function pickFile(owner: BrowserWindow | null): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Import a CSV export',
    properties: ['openFile'],
    filters: [
      { name: 'CSV exports', extensions: ['csv', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}

async function pickFolder(owner: BrowserWindow | null): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { title: 'Choose where to save the exports', properties: ['openDirectory', 'createDirectory'] };
  const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}

async function start(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate({ appName: APP_NAME, platform: process.platform, isPackaged: app.isPackaged })));
  lockDownContents();
  protocol.handle(APP_SCHEME, serveAppFile);

  const userData = app.getPath('userData');
  // Created after ready: only then does safeStorage know which keyring it uses.
  const keys = createKeyStore({
    platform: process.platform,
    safeStorage,
    keyFilePath: join(userData, KEY_FILE),
    passphraseVaultPath: join(userData, PASSPHRASE_VAULT_FILE),
  });
  const core = startCoreHost({
    modulePath: join(here, 'utility-process.js'),
    ledgerPath: join(userData, LEDGER_FILE),
    demoDir: demoDir(),
    onEvent: broadcast,
    async credentials(ref, account) {
      const found = await keys.lookup(ref);
      if (found.credentials === null && account !== null) broadcast('keys.reentryNeeded', { account, reason: found.reason });
      return found.credentials;
    },
  });
  const picked = createPickedPaths();

  ipcMain.handle(INVOKE_CHANNEL, (event, name: unknown, request: unknown) =>
    relayCall(event.senderFrame, name, request, {
      entryUrl,
      invokeCore: core.invoke,
      credentialRef: core.credentialRef,
      keys,
      picked,
      openCsv: () => pickFile(ownerWindow(event.sender)),
      chooseFolder: () => pickFolder(ownerWindow(event.sender)),
      log: (message) => console.error(message),
    }),
  );
  ipcMain.on(DROP_CHANNEL, (event, path: unknown) => {
    if (!isTrustedSender(event.senderFrame, entryUrl)) return;
    const dropped = acceptDroppedFile(path, (candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile() === true);
    if (dropped === null) return;
    picked.remember('file', dropped.path);
    event.sender.send(eventChannel('files.dropped'), dropped);
  });
  app.on('before-quit', () => {
    core.stop();
    keys.close();
  });

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
