// Real SQLite ledgers in a fresh temporary directory per test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger, type Database } from '../../electron/core/db/open-ledger.ts';

export interface TempDir {
  path: string;
  file(name: string, contents: string | Buffer): string;
  remove(): void;
}

export function tempDir(prefix = 'lotwise-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file(name, contents) {
      const target = join(path, name);
      writeFileSync(target, contents);
      return target;
    },
    remove() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

export async function tempLedger(dir: TempDir, name = 'ledger.db'): Promise<{ db: Database; path: string }> {
  const path = join(dir.path, name);
  return { db: await openLedger(path), path };
}
