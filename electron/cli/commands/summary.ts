// `lotwise summary`: a tax year's capital gains and income, and every problem found.
import { computeTaxReport } from '../../core/reports/tax-report.ts';
import { summarize, type TaxSummary } from '../../core/reports/tax-summary.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, withLedger, type Command } from '../command.ts';
import { TAX_OPTIONS, TAX_OPTIONS_HELP, taxRequest } from '../tax-options.ts';

export const summaryCommand: Command = {
  help: `Usage: lotwise summary --year YYYY [--method M] [--basis B] [--tz ZONE] [--db PATH] [--json]

Computes the tax year from the whole ledger and prints short- and long-term proceeds,
cost basis and gain, income, and every warning (missing prices, missing cost basis,
unmatched transfers, negative balances). Amounts are rounded to cents.

Options:
${TAX_OPTIONS_HELP}
  --db PATH        the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)
  --json           print {"year":…,"method":…,"basis":…,"shortTerm":{"proceeds":…,"costBasis":…,"gain":…},
                   "longTerm":{…},"income":…,"warnings":[{"code":…,"message":…}]}`,

  async run(args) {
    const { values } = parseCommandArgs(args, { ...DB_OPTION, ...TAX_OPTIONS, json: { type: 'boolean' } }, 0);
    const request = taxRequest(values);
    const summary = await withLedger(ledgerPath(values.db), true, (db) => {
      const { options, result } = computeTaxReport(db, request);
      return summarize(result, options.pool);
    });
    if (values.json) {
      const { timeZone: _zone, ...json } = summary;
      console.log(JSON.stringify(json));
    } else {
      printSummary(summary);
    }
    return 0;
  },
};

function printSummary(s: TaxSummary): void {
  console.log(`Tax year ${s.year} · ${s.method.toUpperCase()} · ${s.basis} basis · ${s.timeZone}\n`);
  const rows: [string, string, string, string][] = [
    ['', 'Proceeds', 'Cost basis', 'Gain'],
    ['Short-term', s.shortTerm.proceeds, s.shortTerm.costBasis, s.shortTerm.gain],
    ['Long-term', s.longTerm.proceeds, s.longTerm.costBasis, s.longTerm.gain],
  ];
  const widths = [10, ...[1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)))];
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   '));
  console.log(`\nIncome: ${s.income}`);
  if (s.warnings.length === 0) {
    console.log('\nNo warnings.');
    return;
  }
  console.log(`\n${s.warnings.length} warning${s.warnings.length === 1 ? '' : 's'}:`);
  for (const w of s.warnings) console.log(`  [${w.code}] ${w.message}`);
}
