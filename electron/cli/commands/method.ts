// `lotwise method`: the saved lot method of each tax year.
import { isLotMethod, saveMethod, savedMethods } from '../../core/reports/tax-choices.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, UsageError, withLedger, type Command } from '../command.ts';

export const methodCommand: Command = {
  help: `Usage: lotwise method [YEAR [fifo|lifo|hifo|lofo|default]] [--db PATH]

Without arguments, lists the lot method saved for each tax year (years without one use
FIFO, or the --method given to summary and disposals). With YEAR and a method, saves it;
"default" removes the saved method. A method is a standing choice recorded for the year;
specific lots picked with \`lotwise pick\` win over it.

Options:
  --db PATH   the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)`,

  async run(args) {
    const { values, positionals } = parseCommandArgs(args, DB_OPTION, 2);
    const [yearText, methodText] = positionals;
    return withLedger(ledgerPath(values.db), true, (db) => {
      if (yearText === undefined) {
        const saved = [...savedMethods(db)].sort(([a], [b]) => a - b);
        if (saved.length === 0) console.log('No methods saved: every year uses FIFO unless a command says otherwise.');
        for (const [year, method] of saved) console.log(`${year}  ${method}`);
        return 0;
      }
      if (!/^\d{4}$/.test(yearText)) throw new UsageError(`YEAR must be a year like 2024, not "${yearText}".`);
      if (methodText === undefined) throw new UsageError('give the method to save: fifo, lifo, hifo, lofo or default.');
      const method = methodText.toLowerCase();
      if (method !== 'default' && !isLotMethod(method)) throw new UsageError(`the method must be fifo, lifo, hifo, lofo or default, not "${methodText}".`);
      saveMethod(db, Number(yearText), method === 'default' ? null : method);
      console.log(method === 'default' ? `${yearText} now uses the default method.` : `${yearText} now uses ${method.toUpperCase()}.`);
      return 0;
    });
  },
};
