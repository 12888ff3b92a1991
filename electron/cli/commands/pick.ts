// `lotwise pick`: specific identification — which lots a disposal uses.
import { ChoiceError, saveSpecificId } from '../../core/reports/tax-choices.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, UsageError, withLedger, type Command } from '../command.ts';

export const pickCommand: Command = {
  help: `Usage: lotwise pick TRANSACTION LOT=QUANTITY [LOT=QUANTITY ...] [--db PATH]
       lotwise pick TRANSACTION --clear [--db PATH]

Records, for the disposal TRANSACTION (its id, as \`lotwise disposals\` shows it), which
lots it uses and how much of each, in that order. The picks win over the year's method;
whatever they do not cover, or cannot (a lot already used up), falls back to the method
with a warning. Lot ids are shown by \`lotwise disposals\`.

Example: lotwise pick 812 1034=0.25 977=0.1

Options:
  --clear     forget the picks for TRANSACTION
  --db PATH   the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)`,

  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { ...DB_OPTION, clear: { type: 'boolean' } }, Number.MAX_SAFE_INTEGER);
    const [transactionText, ...pickTexts] = positionals;
    if (transactionText === undefined || !/^\d+$/.test(transactionText)) throw new UsageError('give the disposal transaction id first.');
    if (values.clear && pickTexts.length > 0) throw new UsageError('--clear takes no lots.');
    if (!values.clear && pickTexts.length === 0) throw new UsageError('give at least one LOT=QUANTITY, or --clear.');
    const lots = pickTexts.map((text) => {
      const match = /^([^=]+)=(.+)$/.exec(text);
      if (!match) throw new UsageError(`"${text}" is not LOT=QUANTITY.`);
      return { lotId: match[1]!, quantity: match[2]! };
    });
    return withLedger(ledgerPath(values.db), true, (db) => {
      try {
        saveSpecificId(db, { disposalTransactionId: Number(transactionText), lots });
      } catch (error) {
        if (!(error instanceof ChoiceError)) throw error;
        console.error(`lotwise pick: ${error.message}`);
        return 1;
      }
      console.log(values.clear ? `Transaction ${transactionText} uses the year's method again.` : `Saved ${lots.length} lot pick${lots.length === 1 ? '' : 's'} for transaction ${transactionText}.`);
      return 0;
    });
  },
};
