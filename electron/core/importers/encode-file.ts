// Reads one file through its format and emits what an import needs as messages: the
// format and header, batches of encoded rows (with deterministic external ids), problems,
// progress and the end. Runs on a worker thread for large files (parse-worker.ts) and on
// the calling thread for small ones, where starting a worker costs more than it saves.
import type { TransactionDraft } from '../../../shared/transaction.ts';
import { draftRow, rowsJson } from './bulk-insert.ts';
import type { FormatId } from './csv-format.ts';
import { ExternalIds } from './external-ids.ts';
import { FileReadError, parseFile } from './parse-file.ts';
import { ROWS_PER_BATCH, type WorkerMessage } from './parse-worker-protocol.ts';

export async function encodeFile(
  path: string,
  format: FormatId | 'auto',
  post: (message: WorkerMessage) => void,
  beforeBatch: () => void = () => {},
): Promise<void> {
  const ids = new ExternalIds();
  let rows: unknown[][] = [];
  let failed = false;

  const sendBatch = (): void => {
    if (rows.length === 0) return;
    const json = rowsJson(rows);
    beforeBatch();
    post({ kind: 'rows', json, count: rows.length });
    rows = [];
  };

  try {
    const outcome = await parseFile(path, format, {
      onFormat(found, header) {
        post({ kind: 'format', format: found.id, header: [...header] });
      },
      onTransaction(draft: TransactionDraft) {
        // After the first problem nothing will be written: keep reading only to report
        // every problem.
        if (failed) return;
        rows.push(draftRow(draft, ids.next(draft)));
        if (rows.length === ROWS_PER_BATCH) sendBatch();
      },
      onError(problem) {
        failed = true;
        post({ kind: 'problem', problem });
      },
      onRows(rows) {
        post({ kind: 'progress', rows });
      },
    });
    if (!failed) sendBatch();
    post({ kind: 'done', rows: outcome.rows, format: outcome.format?.id ?? null, fileSha256: outcome.fileSha256 });
  } catch (error) {
    post({ kind: 'crash', message: error instanceof Error ? error.message : String(error), unreadable: error instanceof FileReadError });
  }
}
