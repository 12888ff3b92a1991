// A file the user dropped on the window. The preload reads its path from the OS drop
// (webUtils.getPathForFile) and sends it to main; a page cannot forge one, because only a
// trusted drop of a real file has a path. Main still checks what arrives: an absolute path
// to a regular file, nothing else, before treating it like a file picked in the dialog.
import { basename, isAbsolute } from 'node:path';

export interface DroppedFile {
  path: string;
  name: string;
}

/** The dropped file to accept, or null. `isFile` is asked only for a well-formed path. */
export function acceptDroppedFile(path: unknown, isFile: (path: string) => boolean): DroppedFile | null {
  if (typeof path !== 'string' || path === '' || path.length > 4096 || path.includes('\0')) return null;
  if (!isAbsolute(path)) return null;
  if (!isFile(path)) return null;
  return { path, name: basename(path) };
}
