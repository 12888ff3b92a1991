// The application menu. Without one, Electron shows its default menu, whose View menu
// offers Reload and Toggle Developer Tools in the installed app too. This one keeps what a
// desktop app needs: quitting, the Edit commands (on macOS, text fields get their copy and
// paste shortcuts only from the menu), zoom, full screen and the window commands. Reload
// and the developer tools are there only in a development build.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuBuild {
  /** The name macOS shows on the app menu. */
  appName: string;
  platform: NodeJS.Platform;
  /** app.isPackaged: true for the installed app, false for a development build. */
  isPackaged: boolean;
}

const SEPARATOR: MenuItemConstructorOptions = { type: 'separator' };

export function applicationMenuTemplate(build: MenuBuild): MenuItemConstructorOptions[] {
  const isMac = build.platform === 'darwin';
  const macAppMenu: MenuItemConstructorOptions = {
    label: build.appName,
    submenu: [
      { role: 'about' },
      SEPARATOR,
      { role: 'services' },
      SEPARATOR,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      SEPARATOR,
      { role: 'quit' },
    ],
  };
  // Elsewhere quitting lives in File, where Windows and Linux users look for it.
  const fileMenu: MenuItemConstructorOptions = { label: 'File', submenu: [{ role: 'quit' }] };
  const editMenu: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, SEPARATOR, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const developerItems: MenuItemConstructorOptions[] = build.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, SEPARATOR];
  const viewMenu: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [...developerItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, SEPARATOR, { role: 'togglefullscreen' }],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    // The role makes this macOS's Window menu, which lists the open windows.
    role: 'windowMenu',
    submenu: isMac ? [{ role: 'minimize' }, { role: 'zoom' }, { role: 'close' }, SEPARATOR, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  return [isMac ? macAppMenu : fileMenu, editMenu, viewMenu, windowMenu];
}
