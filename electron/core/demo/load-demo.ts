// The demo history shipped in resources/demo: a few years of one person's crypto life
// across two exchanges and a wallet, for the app's first run and `lotwise demo`.
// manifest.json lists each file and the account it belongs to; each file is imported
// like any user file (one batch each, so the demo can be undone batch by batch).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/open-ledger.ts';
import type { FormatId } from '../importers/csv-format.ts';
import { importFile } from '../importers/import-file.ts';
import { createAccount, findAccount, type AccountKind } from '../ledger/accounts.ts';

export interface DemoManifestEntry {
  file: string;
  account: string;
  kind: AccountKind;
  exchange?: string;
  format: FormatId;
}

/** resources/demo, found from this module in the source tree and in the packaged app. */
export function defaultDemoDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '../../../resources/demo');
}

export interface DemoResult {
  accounts: number;
  added: number;
  batches: number[];
}

export async function loadDemo(db: Database, demoDir = defaultDemoDir()): Promise<DemoResult> {
  const manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8')) as DemoManifestEntry[];
  let added = 0;
  const batches: number[] = [];
  for (const entry of manifest) {
    if (!findAccount(db, entry.account)) {
      createAccount(db, { name: entry.account, kind: entry.kind, exchange: entry.exchange ?? null });
    }
    const result = await importFile(db, { path: join(demoDir, entry.file), accountName: entry.account, format: entry.format });
    if (!result.ok) {
      const first = result.problems[0];
      throw new Error(`The demo file ${entry.file} did not import: line ${first?.line}: ${first?.message}`);
    }
    added += result.added;
    if (result.batchId !== null) batches.push(result.batchId);
  }
  return { accounts: manifest.length, added, batches };
}
