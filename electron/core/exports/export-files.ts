// Writes a tax year's export files: gathers what the format needs from the ledger (the
// tax result, the accounts with their Form 1099-DA answer, the transactions), runs the
// pure writer from shared/formats, and writes each file atomically (a temporary file
// renamed into place), so a crash never leaves half a file where the user looks.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Database } from '../db/open-ledger.ts';
import { listAccounts } from '../ledger/accounts.ts';
import { iterateTransactions } from '../ledger/transactions.ts';
import { computeTaxReport, type TaxReportOptions, type TaxReportRequest } from '../reports/tax-report.ts';
import { summarize, type TaxSummary } from '../reports/tax-summary.ts';
import type { ExportAccount, ExportFile, ExportFormatId, ExportInput } from '../../../shared/formats/export-format.ts';
import { exportFormatById } from '../../../shared/formats/registry.ts';
import { writeAtomically } from '../files/write-atomically.ts';
import { fileTotals, type FileTotals } from './file-totals.ts';
import { issues1099DA } from './form-1099-da.ts';

export interface ExportRequest extends TaxReportRequest {
  format: ExportFormatId;
  /**
   * Where to write. A format that writes one file writes it here (or into this directory
   * when it is one); a format that writes several (one per account) needs a directory,
   * created when missing.
   */
  out: string;
}

export interface ExportOutcome {
  options: TaxReportOptions;
  summary: TaxSummary;
  files: { path: string; bytes: number }[];
}

export class ExportError extends Error {
  override name = 'ExportError';
}

/** The writer's input, read from the ledger; also used by tests and benchmarks. */
export function exportInput(db: Database, request: TaxReportRequest): { input: ExportInput; options: TaxReportOptions; summary: TaxSummary } {
  const { options, result } = computeTaxReport(db, request);
  const accounts = new Map<number, ExportAccount>();
  for (const account of listAccounts(db)) {
    accounts.set(account.id, { id: account.id, name: account.name, issues1099DA: issues1099DA(db, account).value });
  }
  const input: ExportInput = {
    taxYear: options.year,
    timeZone: options.timeZone,
    reportCurrency: options.reportCurrency,
    result,
    accounts,
    transactions: [...iterateTransactions(db)],
  };
  return { input, options, summary: summarize(result, options.pool) };
}

export function exportFiles(db: Database, request: ExportRequest): ExportOutcome {
  const format = exportFormatById(request.format);
  const { input, options, summary } = exportInput(db, request);
  const files = format.write(input);
  const targets = placeFiles(files, request.out);
  const written = targets.map(({ file, path }) => {
    writeAtomically(path, file.text);
    return { path, bytes: Buffer.byteLength(file.text) };
  });
  return { options, summary, files: written };
}

export interface ExportsRequest extends TaxReportRequest {
  formats: readonly ExportFormatId[];
  /** An existing directory, as an absolute path: every file is written into it. */
  folder: string;
}

export interface WrittenExport extends FileTotals {
  format: ExportFormatId;
  path: string;
}

/**
 * Writes several formats of one tax year into one folder, computing the year once. Each
 * file is read back for its rows and totals (see file-totals.ts).
 */
export function writeExports(db: Database, request: ExportsRequest): { summary: TaxSummary; files: WrittenExport[] } {
  const { folder } = request;
  if (!isAbsolute(folder)) throw new ExportError(`The folder must be given as a full path, not "${folder}".`);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new ExportError(`${folder} is not a folder that exists; choose another.`);
  const formats = request.formats.map(exportFormatById);
  const { input, summary } = exportInput(db, request);
  const files: WrittenExport[] = [];
  for (const format of formats) {
    for (const file of format.write(input)) {
      const path = join(folder, basename(file.name));
      writeAtomically(path, file.text);
      files.push({ format: format.id, path, ...fileTotals(format.id, file.name, file.text) });
    }
  }
  return { summary, files };
}

function placeFiles(files: ExportFile[], out: string): { file: ExportFile; path: string }[] {
  const isDirectory = existsSync(out) && statSync(out).isDirectory();
  if (files.length === 1 && !isDirectory && !out.endsWith('/')) return [{ file: files[0]!, path: out }];
  if (!isDirectory) {
    if (existsSync(out)) throw new ExportError(`${out} is a file, but this format writes ${files.length} files: give a directory.`);
    mkdirSync(out, { recursive: true });
  }
  return files.map((file) => ({ file, path: join(out, basename(file.name)) }));
}
