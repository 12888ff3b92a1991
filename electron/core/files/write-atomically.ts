// Writing a whole file so that a crash or a full disk never leaves half of it where a
// reader looks: a temporary file beside the target, flushed to disk, then renamed over it
// (a rename within one directory is atomic). Used for the key files, the passphrase vault
// and the export files.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export interface WriteOptions {
  /** Permissions of the file; secrets pass 0o600. Default 0o644 (before the umask). */
  fileMode?: number;
  /** Permissions of directories created on the way; secrets pass 0o700. Default 0o777 (before the umask). */
  directoryMode?: number;
}

export function writeAtomically(path: string, text: string, options: WriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true, mode: options.directoryMode ?? 0o777 });
  // The random part keeps two writers in one process (or a pid reused) off each other's file.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'w', options.fileMode ?? 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}
