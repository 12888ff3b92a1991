// The imports.* calls: preview a file the user picked, import it as one batch, list and
// undo batches. Paths come from main's open dialog; core only reads them.
import type { CoreCallName, ImportPreview } from '../../../shared/api.ts';
import { importFile } from '../importers/import-file.ts';
import { parseFile } from '../importers/parse-file.ts';
import { ProblemList } from '../importers/problem-list.ts';
import { listBatches, undoBatch } from '../ledger/batches.ts';
import { refreshAfterChange } from '../review/review-refresh.ts';
import type { DomainHandlers } from './context.ts';

type ImportsCall = Extract<CoreCallName, `imports.${string}`>;

const PREVIEW_TRANSACTIONS = 20;
const LISTED_PROBLEMS = 1000;

const leg = (asset: string | null, amount: string | null) => (asset && amount ? `${amount} ${asset}` : null);

export const importsHandlers: DomainHandlers<ImportsCall> = {
  async 'imports.preview'({ path, format }) {
    const preview: ImportPreview = { format: null, header: [], transactions: [], problems: [], problemCount: 0, rows: 0 };
    const problems = new ProblemList(LISTED_PROBLEMS);
    const outcome = await parseFile(path, format ?? 'auto', {
      onFormat(found, header) {
        preview.format = found.id;
        preview.header = [...header];
      },
      onTransaction(draft, line) {
        if (preview.transactions.length >= PREVIEW_TRANSACTIONS) return;
        preview.transactions.push({
          line,
          type: draft.type,
          timestamp: draft.timestamp,
          sent: leg(draft.sentAsset, draft.sentAmount),
          received: leg(draft.receivedAsset, draft.receivedAmount),
          fee: leg(draft.feeAsset, draft.feeAmount),
        });
      },
      onError(problem) {
        problems.add(problem);
      },
    });
    preview.problems = problems.listed();
    preview.problemCount = problems.count;
    preview.rows = outcome.rows;
    return preview;
  },

  async 'imports.file'({ path, account, format }, { db, emit }) {
    const outcome = await importFile(db, { path, accountName: account, format: format ?? 'auto', onProgress: (rowsRead) => emit('import.progress', { rowsRead }) });
    if (outcome.ok && outcome.added > 0) await refreshAfterChange(db);
    return outcome;
  },

  async 'imports.batches'(_request, { db }) {
    return listBatches(db).map((b) => ({
      id: b.id,
      account: b.accountName,
      source: b.source,
      format: b.format,
      fileName: b.fileName,
      startedAt: b.startedAt,
      added: b.added,
      skipped: b.skipped,
      undoneAt: b.undoneAt,
      keptOnUndo: b.keptOnUndo,
    }));
  },

  async 'imports.undo'({ batchId }, { db }) {
    const outcome = undoBatch(db, batchId);
    await refreshAfterChange(db);
    return outcome;
  },
};
