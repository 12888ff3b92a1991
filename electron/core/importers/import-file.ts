// Imports one CSV file into an account as one SQLite transaction and one import batch.
// Either every row is valid and the new ones are stored, or nothing is written and every
// bad row is reported. Rows already stored (same account, same external id) are skipped,
// which makes re-importing a file, or a later export that overlaps it, add nothing.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Database } from '../db/open-ledger.ts';
import { findOrCreateFileAccount } from '../ledger/accounts.ts';
import { finishBatch, startBatch } from '../ledger/batches.ts';
import { transactionWriter, type TransactionWriter } from '../ledger/transactions.ts';
import type { TransactionDraft } from '../../../shared/transaction.ts';
import type { FormatId } from './csv-format.ts';
import { parseFile, type FileProblem } from './parse-file.ts';

/** Reports stop listing after this many problems; the total is still counted. */
const MAX_LISTED_PROBLEMS = 1000;

export interface ImportRequest {
  path: string;
  accountName: string;
  format: FormatId | 'auto';
  onProgress?: (rowsRead: number) => void;
}

export type ImportResult =
  | { ok: true; batchId: number; format: FormatId; added: number; skipped: number; rows: number }
  | { ok: false; format: FormatId | null; problems: FileProblem[]; problemCount: number };

export async function importFile(db: Database, request: ImportRequest): Promise<ImportResult> {
  const problems: FileProblem[] = [];
  let problemCount = 0;
  let added = 0;
  let skipped = 0;
  let batchId = 0;
  let writer: TransactionWriter | null = null;
  const ids = new ExternalIds();
  const fileSha256 = await sha256File(request.path).catch(() => null);

  db.exec('BEGIN IMMEDIATE');
  try {
    const outcome = await parseFile(request.path, request.format, {
      onFormat(format) {
        const account = findOrCreateFileAccount(db, request.accountName);
        batchId = startBatch(db, {
          accountId: account.id,
          source: 'csv',
          format: format.id,
          fileName: basename(request.path),
          fileSha256,
        });
        writer = transactionWriter(db, { accountId: account.id, source: 'csv', batchId });
      },
      onTransaction(draft) {
        // After the first problem the import is lost anyway: keep reading only to report
        // every problem, without writing.
        if (problemCount > 0 || writer === null) return;
        if (writer.insert({ ...draft, externalId: ids.next(draft) })) added += 1;
        else skipped += 1;
      },
      onError(problem) {
        problemCount += 1;
        if (problems.length < MAX_LISTED_PROBLEMS) problems.push(problem);
      },
      onRows: request.onProgress,
    });

    if (problemCount > 0 || outcome.format === null) {
      db.exec('ROLLBACK');
      return { ok: false, format: outcome.format?.id ?? null, problems, problemCount };
    }
    finishBatch(db, batchId, { added, skipped });
    db.exec('COMMIT');
    return { ok: true, batchId, format: outcome.format.id, added, skipped, rows: outcome.rows };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Deterministic ids for rows that have none of their own: a hash of what the row says,
 * plus its occurrence number among identical rows in the file, so two genuinely
 * identical rows (two equal rewards in one minute) both import, and import only once.
 */
class ExternalIds {
  private readonly seen = new Map<string, number>();

  next(draft: TransactionDraft): string {
    if (draft.externalId !== null) return draft.externalId;
    const key = createHash('sha256')
      .update(
        [
          draft.timestamp,
          draft.type,
          draft.sentAsset,
          draft.sentAmount,
          draft.receivedAsset,
          draft.receivedAmount,
          draft.feeAsset,
          draft.feeAmount,
          draft.fiatValue,
          draft.fiatCurrency,
          draft.txHash,
        ].join('|'),
      )
      .digest('base64url')
      .slice(0, 27);
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    return occurrence === 0 ? `row:${key}` : `row:${key}#${occurrence}`;
  }
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
