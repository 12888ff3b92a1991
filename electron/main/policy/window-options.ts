// The options every Lotwise window is created with. The renderer shows tax data and must
// never reach Node or Electron itself: it is isolated, sandboxed, and can talk only through
// the preload's allow-listed bridge. The installed app has no developer tools: their console
// runs whatever script a user is talked into pasting, in the page that holds the bridge.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export interface WindowBuild {
  preloadPath: string;
  /** app.isPackaged: true for the installed app, false for a development build. */
  isPackaged: boolean;
}

export function secureWebPreferences(build: WindowBuild): WebPreferences {
  return {
    preload: build.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: !build.isPackaged,
  };
}

export function mainWindowOptions(build: WindowBuild): BrowserWindowConstructorOptions {
  return {
    title: 'Lotwise',
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    webPreferences: secureWebPreferences(build),
  };
}
