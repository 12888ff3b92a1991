// `lotwise disposals`: every lot a tax year's disposals consumed, one row each.
import Papa from 'papaparse';
import { listAccounts } from '../../core/ledger/accounts.ts';
import { computeTaxReport } from '../../core/reports/tax-report.ts';
import { Decimal, toCents, toDecimalText } from '../../../shared/money.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, UsageError, withLedger, type Command } from '../command.ts';
import { TAX_OPTIONS, TAX_OPTIONS_HELP, taxRequest } from '../tax-options.ts';

export interface DisposalRow {
  asset: string;
  quantity: string;
  acquired: string;
  disposed: string;
  proceeds: string;
  costBasis: string;
  gain: string;
  term: 'short' | 'long';
  kind: string;
  account: string;
  lotId: string | null;
  acquisitionTransactionId: number | null;
  disposalTransactionId: number;
  missingPrice: boolean;
  missingBasis: boolean;
}

/** The CSV's columns, in order; a record so that a field added to DisposalRow cannot be left out. */
const CSV_COLUMNS: Record<keyof DisposalRow, null> = {
  asset: null,
  quantity: null,
  acquired: null,
  disposed: null,
  proceeds: null,
  costBasis: null,
  gain: null,
  term: null,
  kind: null,
  account: null,
  lotId: null,
  acquisitionTransactionId: null,
  disposalTransactionId: null,
  missingPrice: null,
  missingBasis: null,
};

export const disposalsCommand: Command = {
  help: `Usage: lotwise disposals --year YYYY [--method M] [--basis B] [--tz ZONE] [--db PATH] [--json | --csv]

Lists every disposal of the tax year, one row per lot consumed: asset, quantity, date
acquired and disposed, proceeds, cost basis, gain, short or long term, the account, the
lot, and the transactions that acquired and disposed of it. --json and --csv give exact
amounts; the table shows cents.

Options:
${TAX_OPTIONS_HELP}
  --db PATH        the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)
  --json           a JSON array of rows
  --csv            CSV with a header row`,

  async run(args) {
    const { values } = parseCommandArgs(args, { ...DB_OPTION, ...TAX_OPTIONS, json: { type: 'boolean' }, csv: { type: 'boolean' } }, 0);
    if (values.json && values.csv) throw new UsageError('choose one of --json and --csv.');
    const request = taxRequest(values);
    const rows = await withLedger(ledgerPath(values.db), true, (db) => {
      const names = new Map(listAccounts(db).map((a) => [a.id, a.name] as const));
      const { result } = computeTaxReport(db, request);
      return result.disposals.map(
        (d): DisposalRow => ({
          asset: d.asset,
          quantity: toDecimalText(d.quantity),
          acquired: d.acquiredDate,
          disposed: d.disposedDate,
          proceeds: toDecimalText(d.proceeds),
          costBasis: toDecimalText(d.costBasis),
          gain: toDecimalText(d.gain),
          term: d.term,
          kind: d.kind,
          account: names.get(d.accountId) ?? String(d.accountId),
          lotId: d.lotId,
          acquisitionTransactionId: d.acquisitionTransactionId,
          disposalTransactionId: d.disposalTransactionId,
          missingPrice: d.missingPrice,
          missingBasis: d.missingBasis,
        }),
      );
    });
    if (values.json) console.log(JSON.stringify(rows));
    else if (values.csv) {
      // The fields are given so that a year without disposals still has its header row
      // (which papaparse then ends with a line break of its own).
      const csv = Papa.unparse({ fields: Object.keys(CSV_COLUMNS), data: rows }, { newline: '\n' });
      process.stdout.write(csv.endsWith('\n') ? csv : `${csv}\n`);
    }
    else printTable(rows);
    return 0;
  },
};

function printTable(rows: DisposalRow[]): void {
  if (rows.length === 0) {
    console.log('No disposals in this tax year.');
    return;
  }
  const header = ['Asset', 'Quantity', 'Acquired', 'Disposed', 'Proceeds', 'Cost basis', 'Gain', 'Term', 'Kind', 'Account', 'Lot'];
  const table = rows.map((r) => {
    // Each line adds up as printed, as on Form 8949: gain = proceeds − cost basis in cents.
    const proceeds = toCents(new Decimal(r.proceeds));
    const costBasis = toCents(new Decimal(r.costBasis));
    return [
      r.asset,
      r.quantity,
      r.acquired,
      r.disposed,
      proceeds,
      costBasis,
      toCents(new Decimal(proceeds).minus(costBasis)),
      r.term,
      r.kind,
      r.account,
      `${r.lotId ?? '—'}${r.missingBasis ? ' (no basis)' : ''}${r.missingPrice ? ' (no price)' : ''}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const numeric = new Set([1, 4, 5, 6]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));
}
