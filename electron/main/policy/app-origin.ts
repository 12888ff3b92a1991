// Which pages Lotwise trusts: its own bundle served on app://lotwise, or, in an unpackaged
// development build only, the electron-vite dev server on this machine. Every decision that
// depends on "is this our page?" (IPC senders, navigation) goes through here.
export const APP_SCHEME = 'app';
export const APP_HOST = 'lotwise';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: string | undefined): URL | null {
  if (url === undefined) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The URL the window loads. A packaged app always loads its own bundle: an environment
 * variable must not be able to point it at other content. Unpackaged, the dev server is
 * used when electron-vite announces one on a loopback address.
 */
export function rendererEntryUrl(options: { isPackaged: boolean; devServerUrl: string | undefined }): string {
  if (options.isPackaged) return APP_ENTRY_URL;
  const dev = parse(options.devServerUrl);
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:') && LOOPBACK_HOSTS.has(dev.hostname)) return dev.href;
  return APP_ENTRY_URL;
}

/**
 * Whether `url` belongs to the same origin as the entry URL. Compared by scheme and host
 * (with port) rather than `URL.origin`, which is the opaque "null" for app:// and would
 * make every app:// URL look alike.
 */
export function isTrustedUrl(url: string | undefined, entryUrl: string): boolean {
  const candidate = parse(url);
  const entry = parse(entryUrl);
  if (!candidate || !entry) return false;
  if (candidate.username !== '' || candidate.password !== '') return false;
  return candidate.protocol === entry.protocol && candidate.host === entry.host && candidate.host !== '';
}

/** The part of Electron's WebFrameMain a sender check needs. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Whether an IPC message comes from Lotwise's own page: the top frame (a subframe, even one
 * of ours, is never a sender) showing a trusted URL. A frame that is gone (null) is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, entryUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return isTrustedUrl(frame.url, entryUrl);
}

/** The part of a BrowserWindow that deciding where core's events go needs. */
export interface EventRecipient {
  webContents: { mainFrame: SenderFrame };
}

/**
 * The windows core's events (sync progress, account names, requests to re-enter a key) may
 * go to: those whose main frame shows Lotwise's own page, by the check IPC senders pass. A
 * window still loading, showing an error page or any other content gets none.
 */
export function eventRecipients<W extends EventRecipient>(windows: readonly W[], entryUrl: string): W[] {
  return windows.filter((window) => isTrustedSender(window.webContents.mainFrame, entryUrl));
}
