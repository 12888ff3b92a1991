// Maps an app:// request to a file of the built renderer, and refuses anything that would
// leave that directory (`..`, encoded separators, another host) so the protocol can never
// serve the rest of the disk.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';

export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  let pathname: string;
  try {
    url = new URL(requestUrl);
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || pathname.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, pathname.replace(/^\/+/, '') || 'index.html');
  const inside = relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return file;
}
