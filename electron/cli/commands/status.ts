// `lotwise status`: what the ledger holds.
import { listBatches } from '../../core/ledger/batches.ts';
import { ledgerStatus } from '../../core/ledger/status.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, withLedger, type Command } from '../command.ts';

export const statusCommand: Command = {
  help: `Usage: lotwise status [--db PATH] [--json]

Lists the accounts with their transaction counts, and the import batches (undo one with
\`lotwise undo BATCH\`).

Options:
  --db PATH   the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)
  --json      print {"accounts":[{"name":…,"transactions":N}],"transactions":N}`,

  async run(args) {
    const { values } = parseCommandArgs(args, { ...DB_OPTION, json: { type: 'boolean' } }, 0);
    const path = ledgerPath(values.db);
    await withLedger(path, true, (db) => {
      const status = ledgerStatus(db);
      if (values.json) {
        console.log(JSON.stringify(status));
        return;
      }
      console.log(`Ledger: ${path}`);
      if (status.accounts.length === 0) {
        console.log('No accounts yet. Import a file with `lotwise import FILE --account NAME`.');
        return;
      }
      const width = Math.max(7, ...status.accounts.map((a) => a.name.length));
      console.log(`\n${'Account'.padEnd(width)}  Transactions`);
      for (const account of status.accounts) {
        console.log(`${account.name.padEnd(width)}  ${String(account.transactions).padStart(12)}`);
      }
      console.log(`${'Total'.padEnd(width)}  ${String(status.transactions).padStart(12)}`);
      const batches = listBatches(db);
      if (batches.length > 0) {
        console.log('\nBatch  Account / file                              Added  Skipped  State');
        for (const b of batches) {
          const what = `${b.accountName} / ${b.fileName ?? b.format ?? b.source}`.slice(0, 42).padEnd(42);
          const state = b.undoneAt === null ? new Date(b.startedAt).toISOString().slice(0, 16).replace('T', ' ') : 'undone';
          console.log(`${String(b.id).padStart(5)}  ${what}  ${String(b.added).padStart(5)}  ${String(b.skipped).padStart(7)}  ${state}`);
        }
      }
    });
    return 0;
  },
};
