// `lotwise demo`: the demo history, for trying Lotwise without one's own data.
import { loadDemo } from '../../core/demo/load-demo.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, withLedger, type Command } from '../command.ts';

export const demoCommand: Command = {
  help: `Usage: lotwise demo [--db PATH]

Loads the demo history shipped with Lotwise (resources/demo: two exchanges and a wallet,
2021–2025) into the ledger. Use a separate --db to keep it apart from your own data.
Loading it twice adds nothing the second time.

Options:
  --db PATH   the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)`,

  async run(args) {
    const { values } = parseCommandArgs(args, DB_OPTION, 0);
    const path = ledgerPath(values.db);
    const result = await withLedger(path, false, (db) => loadDemo(db));
    console.log(`Loaded the demo into ${path}: ${result.accounts} accounts, ${result.added} transactions added.`);
    console.log(`Batches ${result.batches.join(', ')}. See it with: lotwise status --db ${path}`);
    return 0;
  },
};
