// `lotwise export`: the files tax software, accountants and other tools import.
import { ExportError, exportFiles } from '../../core/exports/export-files.ts';
import { EXPORT_FORMATS, isExportFormatId } from '../../../shared/formats/registry.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, UsageError, withLedger, type Command } from '../command.ts';
import { TAX_OPTIONS, TAX_OPTIONS_HELP, taxRequest } from '../tax-options.ts';

export const exportCommand: Command = {
  help: `Usage: lotwise export --year YYYY --format F --out FILE [--method M] [--basis B] [--tz ZONE] [--db PATH]
       lotwise export --list

Writes a tax year's file for tax software or another tool. Amounts are the engine's,
rounded to cents line by line; the file's lines add up to what \`lotwise summary\` prints
for the same options. Formats that write one file per account (koinly, cointracker,
coinledger) need --out to be a directory.

Options:
  --format F       the file to write; --list names them all and the software each is for
  --out FILE       where to write it (a directory for one-file-per-account formats)
${TAX_OPTIONS_HELP}
  --db PATH        the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)
  --list           list the formats`,

  async run(args) {
    const { values } = parseCommandArgs(
      args,
      { ...DB_OPTION, ...TAX_OPTIONS, format: { type: 'string' }, out: { type: 'string' }, list: { type: 'boolean' } },
      0,
    );
    if (values.list) {
      const width = Math.max(...EXPORT_FORMATS.map((f) => f.id.length));
      for (const format of EXPORT_FORMATS) console.log(`${format.id.padEnd(width)}  ${format.title}: ${format.software}`);
      return 0;
    }
    if (values.format === undefined) throw new UsageError('--format F is required (see --list).');
    if (!isExportFormatId(values.format)) {
      throw new UsageError(`--format must be one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}, not "${values.format}".`);
    }
    if (values.out === undefined) throw new UsageError('--out FILE is required.');
    const request = { ...taxRequest(values), format: values.format, out: values.out };
    return withLedger(ledgerPath(values.db), true, (db) => {
      try {
        const { options, summary, files } = exportFiles(db, request);
        for (const file of files) console.log(`Wrote ${file.path} (${file.bytes.toLocaleString('en-US')} bytes)`);
        console.log(
          `Tax year ${options.year}, ${options.method.toUpperCase()}, ${options.pool} basis, ${options.timeZone}: ` +
            `short-term gain ${summary.shortTerm.gain}, long-term gain ${summary.longTerm.gain}, income ${summary.income}.`,
        );
        if (summary.warnings.length > 0) {
          console.log(`${summary.warnings.length} warning(s) affect these figures: see \`lotwise summary\`.`);
        }
        return 0;
      } catch (error) {
        if (!(error instanceof ExportError)) throw error;
        console.error(`lotwise export: ${error.message}`);
        return 1;
      }
    });
  },
};
