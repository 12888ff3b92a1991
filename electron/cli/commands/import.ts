// `lotwise import FILE`: one CSV file into one account, all or nothing.
import { basename } from 'node:path';
import { FileReadError, type FileProblem } from '../../core/importers/parse-file.ts';
import { importFile, type ImportResult } from '../../core/importers/import-file.ts';
import { CSV_FORMATS, isFormatId } from '../../core/importers/registry.ts';
import { isBusy } from '../../core/db/open-ledger.ts';
import { DB_OPTION, LEDGER_BUSY, ledgerPath, parseCommandArgs, UsageError, withNewLedgerIfKept, type Command } from '../command.ts';

const FORMAT_LIST = ['auto', ...CSV_FORMATS.map((f) => f.id)].join('|');

export const importCommand: Command = {
  help: `Usage: lotwise import FILE --account NAME [--format ${FORMAT_LIST}] [--db PATH] [--json]

Imports a CSV export into the account NAME (created if new). The whole file is one
transaction: if any row is invalid nothing is written, and every problem is listed with
its line (the header is line 1 unless the export has lines above it), column and value.
Rows already in the account are skipped, so importing the same file or a later export that
overlaps it again adds nothing. Prints the batch id; \`lotwise undo BATCH\` removes it.

Options:
  --account NAME   the account the file's history belongs to (required)
  --format F       the file's format; auto (default) recognises it by its header
  --db PATH        the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)
  --json           print the result as JSON

Exit status: 0 imported, 1 the file was rejected, 2 wrong usage.`,

  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { ...DB_OPTION, account: { type: 'string' }, format: { type: 'string', default: 'auto' }, json: { type: 'boolean' } },
      1,
    );
    const path = positionals[0];
    if (path === undefined) throw new UsageError('which file? Give the CSV file to import.');
    if (values.account === undefined || values.account.trim() === '') throw new UsageError('--account NAME is required.');
    const format = values.format;
    if (format !== 'auto' && !isFormatId(format)) throw new UsageError(`--format must be one of ${FORMAT_LIST}, not "${format}".`);

    const showProgress = process.stderr.isTTY && !values.json;
    let result: ImportResult;
    try {
      result = await withNewLedgerIfKept(ledgerPath(values.db), (outcome) => outcome.ok && outcome.batchId !== null, (db) =>
        importFile(db, {
          path,
          accountName: values.account!.trim(),
          format,
          onProgress: showProgress ? (rows) => process.stderr.write(`\rRead ${rows.toLocaleString('en-US')} rows…`) : undefined,
        }),
      );
    } catch (error) {
      // The import is one transaction: stopped anywhere, it has written nothing.
      if (isBusy(error)) {
        console.error(`${basename(path)} was not imported: ${LEDGER_BUSY} Nothing was written.`);
        return 1;
      }
      if (!(error instanceof FileReadError)) throw error;
      console.error(`${error.message} Nothing was imported.`);
      return 1;
    } finally {
      if (showProgress) process.stderr.write('\r\x1b[K');
    }

    if (values.json) {
      console.log(JSON.stringify(result));
      return result.ok ? 0 : 1;
    }
    if (result.ok) {
      const title = CSV_FORMATS.find((f) => f.id === result.format)?.title ?? result.format;
      if (result.batchId === null) {
        console.log(`${basename(path)} (${title}) has no transactions: nothing was imported, and the ledger is unchanged.`);
        return 0;
      }
      console.log(
        `Imported ${basename(path)} (${title}) into "${values.account.trim()}": ` +
          `${result.added} added, ${result.skipped} skipped as already imported.`,
      );
      if (result.added > 0) console.log(`Batch ${result.batchId}. To take it back: lotwise undo ${result.batchId}`);
      else console.log(`Batch ${result.batchId} records the import; every transaction in it was already in the account.`);
      return 0;
    }
    const noun = result.problemCount === 1 ? 'problem' : 'problems';
    console.error(`${basename(path)} was not imported: ${result.problemCount} ${noun}. Nothing was written.`);
    for (const problem of result.problems) console.error(describeProblem(problem));
    if (result.problemCount > result.problems.length) {
      console.error(`… and ${result.problemCount - result.problems.length} more.`);
    }
    return 1;
  },
};

export function describeProblem(problem: FileProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
  const parts: string[] = [];
  if (problem.column !== null) {
    const number = problem.columnNumber === null ? '' : ` ${problem.columnNumber}`;
    parts.push(`column${number} "${problem.column}"`);
  }
  if (problem.value !== null) parts.push(`value "${problem.value}"`);
  return parts.length === 0 ? `${where}: ${problem.message}` : `${where}: ${parts.join(', ')}: ${problem.message}`;
}
