// `lotwise undo BATCH`: take an import back.
import { undoBatch, UndoError } from '../../core/ledger/batches.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, UsageError, withLedger, type Command } from '../command.ts';

export const undoCommand: Command = {
  help: `Usage: lotwise undo BATCH [--db PATH]

Removes every transaction the import batch BATCH added (\`lotwise status\` lists batches),
except those another import or sync still in effect met again (a later export of the same
history): they stay, and now belong to the newest such batch. The batch stays in the
history, marked undone; the file can be imported again later.

Options:
  --db PATH   the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)`,

  async run(args) {
    const { values, positionals } = parseCommandArgs(args, DB_OPTION, 1);
    const text = positionals[0];
    if (text === undefined || !/^\d+$/.test(text)) throw new UsageError('give the batch number to undo, e.g. `lotwise undo 3`.');
    return withLedger(ledgerPath(values.db), true, (db) => {
      try {
        const { removed, kept } = undoBatch(db, Number(text));
        const count = (n: number) => `${n} transaction${n === 1 ? '' : 's'}`;
        const keptText = kept === 0 ? '' : ` Kept ${count(kept)} that another import or sync still in effect also holds (\`lotwise status\` lists them).`;
        console.log(`Undid batch ${text}: removed ${count(removed)}.${keptText}`);
        return 0;
      } catch (error) {
        if (!(error instanceof UndoError)) throw error;
        console.error(`lotwise undo: ${error.message}`);
        return 1;
      }
    });
  },
};
