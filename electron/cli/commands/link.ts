// `lotwise link`: say that a withdrawal and a deposit are one transfer between own accounts.
import { ChoiceError, removeTransferLink, saveTransferLink } from '../../core/reports/tax-choices.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, UsageError, withLedger, type Command } from '../command.ts';

export const linkCommand: Command = {
  help: `Usage: lotwise link WITHDRAWAL DEPOSIT [--db PATH]
       lotwise link WITHDRAWAL --remove [--db PATH]

Links the withdrawal WITHDRAWAL in one account to the deposit DEPOSIT in another (their
transaction ids) as one transfer between your own accounts: no gain, and the coins keep
their cost basis and dates. Transfers whose blockchain hash matches are linked without
this. --remove undoes a link.

Options:
  --remove    remove the link of WITHDRAWAL
  --db PATH   the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)`,

  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { ...DB_OPTION, remove: { type: 'boolean' } }, 2);
    const ids = positionals.map((p) => {
      if (!/^\d+$/.test(p)) throw new UsageError(`"${p}" is not a transaction id.`);
      return Number(p);
    });
    return withLedger(ledgerPath(values.db), true, (db) => {
      if (values.remove) {
        if (ids.length !== 1) throw new UsageError('--remove takes the withdrawal id only.');
        const removed = removeTransferLink(db, ids[0]!);
        console.log(removed ? `Unlinked withdrawal ${ids[0]}.` : `Withdrawal ${ids[0]} was not linked.`);
        return removed ? 0 : 1;
      }
      if (ids.length !== 2) throw new UsageError('give the withdrawal id and the deposit id.');
      try {
        saveTransferLink(db, { withdrawalId: ids[0]!, depositId: ids[1]! });
      } catch (error) {
        if (!(error instanceof ChoiceError)) throw error;
        console.error(`lotwise link: ${error.message}`);
        return 1;
      }
      console.log(`Linked withdrawal ${ids[0]} to deposit ${ids[1]} as a transfer between your accounts.`);
      return 0;
    });
  },
};
