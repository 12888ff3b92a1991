// Reads one CSV file through a format: finds the header (after any preamble lines an
// exchange writes above it), checks each row's shape, and hands rows to the format's
// reader. Used both to preview a file and to import it.
import { statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import type { TransactionDraft } from '../../../shared/transaction.ts';
import type { CsvFormat, FormatId, RawRow, Row, RowError } from './csv-format.ts';
import { readCsvRows, type CsvRow } from './csv-rows.ts';
import { HeaderSearch } from './detect-format.ts';
import { NotUtf8Error } from './utf8-text.ts';
import { CSV_FORMATS, formatById } from './registry.ts';

/** How many lines may come before the header (Coinbase writes a few). */
const MAX_PREAMBLE_ROWS = 30;

export interface FileProblem extends RowError {
  file: string;
  /** 1-based position of the column in the header, as a spreadsheet counts them. */
  columnNumber: number | null;
}

export interface ParseHandlers {
  /** Called once the header is recognised, before any transaction. */
  onFormat?(format: CsvFormat, header: readonly string[], headerLine: number): void;
  onTransaction(draft: TransactionDraft, line: number): void;
  onError(problem: FileProblem): void;
  onRows?(rowsRead: number): void;
}

export interface ParseOutcome {
  format: CsvFormat | null;
  rows: number;
  /** SHA-256 (hex) of the bytes read; null when the file was not read to its end. */
  fileSha256: string | null;
}

class HeaderNotFound extends Error {}

/** How much of a cell a problem quotes: a cell with an unclosed quote can hold the rest of the file. */
const MAX_QUOTED_CHARACTERS = 60;

/**
 * The file itself could not be read (gone, a folder, not allowed): no line of it is at
 * fault, so this is an error of its own rather than a problem with a line number.
 */
export class FileReadError extends Error {
  override name = 'FileReadError';
}

/** An error from the file system (it names the call that failed), not from the file's contents. */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** Why the file at path cannot be read, in the user's words, with what to do about it. */
function unreadableFile(path: string, error: NodeJS.ErrnoException): FileReadError {
  const file = basename(path);
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileReadError(`${file} is not at ${path}: it may have been moved, renamed or deleted. Choose the file again from where it is now.`);
    case 'EACCES':
    case 'EPERM':
      return new FileReadError(`Lotwise is not allowed to read ${file} (${path}). Give your user permission to read it, or copy it into a folder of your own, then choose it again.`);
    case 'EISDIR':
      return new FileReadError(`${path} is a folder. Choose the CSV file itself.`);
    default:
      return new FileReadError(`${file} could not be read (${path}: ${error.code}). Check that it is still there and opens, then choose it again.`);
  }
}

function checkIsFile(path: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw isFileSystemError(error) ? unreadableFile(path, error) : error;
  }
  if (!stats.isFile()) {
    const what = stats.isDirectory() ? 'a folder' : 'not a file (a device or a pipe?)';
    throw new FileReadError(`${path} is ${what}. Choose the CSV file itself.`);
  }
}

class CsvDataRow implements Row {
  readonly line: number;
  readonly cells: readonly string[];
  private readonly columns: ReadonlyMap<string, number>;

  constructor(line: number, cells: readonly string[], columns: ReadonlyMap<string, number>) {
    this.line = line;
    this.cells = cells;
    this.columns = columns;
  }
  get(column: string): string {
    const index = this.columns.get(column) ?? this.columns.get(column.toLowerCase());
    return index === undefined ? '' : (this.cells[index] ?? '');
  }
  has(column: string): boolean {
    return this.columns.has(column) || this.columns.has(column.toLowerCase());
  }
  record(): RawRow {
    return { line: this.line, cells: this.cells };
  }
}

/** Throws FileReadError when the file cannot be read at all; what is wrong inside it goes to onError. */
export async function parseFile(path: string, formatId: FormatId | 'auto', handlers: ParseHandlers): Promise<ParseOutcome> {
  const file = basename(path);
  const fileProblem = (line: number, message: string): void =>
    handlers.onError({ file, line, column: null, columnNumber: null, value: null, message });

  checkIsFile(path);

  const candidates = formatId === 'auto' ? CSV_FORMATS : [formatById(formatId)];
  const search = new HeaderSearch(candidates, formatId);
  let format: CsvFormat | null = null;
  let header: string[] = [];
  let reader: ReturnType<CsvFormat['createReader']> | null = null;
  let columns = new Map<string, number>();
  let preambleRows = 0;
  let rows = 0;
  let transactionLine = 0;
  let fileSha256: string | null = null;

  /** A problem in the cell at `index` of a row; a row above the header has no column to name. */
  const cellProblem = (line: number, index: number | null, cells: readonly string[], message: string, underHeader = true): void => {
    const known = index !== null && index < cells.length;
    const column = known && underHeader && index < header.length ? header[index]! : null;
    handlers.onError({
      file,
      line,
      column,
      columnNumber: column === null ? null : index! + 1,
      value: known ? quoted(cells[index]!) : null,
      message,
    });
  };

  const sink = {
    transaction(draft: TransactionDraft) {
      handlers.onTransaction(draft, transactionLine);
    },
    error(error: RowError) {
      const index = error.column === null ? undefined : (columns.get(error.column) ?? columns.get(error.column.toLowerCase()));
      handlers.onError({ file, ...error, columnNumber: index === undefined ? null : index + 1 });
    },
  };

  // Broken quoting above the header is reported once the header is found: in a file
  // with none, the lines are no CSV Lotwise reads (one separated by semicolons, say, has
  // quotes where commas would be), which the header problem says in the user's terms.
  const quotingAboveHeader: CsvRow[] = [];

  const findHeader = (row: CsvRow): void => {
    if (row.problem !== null) quotingAboveHeader.push(row);
    const cells = row.cells.map((c) => c.trim());
    const match = search.match(row.line, cells);
    if (!match) {
      preambleRows += 1;
      if (preambleRows >= MAX_PREAMBLE_ROWS) throw new HeaderNotFound();
      return;
    }
    for (const above of quotingAboveHeader) cellProblem(above.line, above.problem!.cell, above.cells, above.problem!.message, false);
    format = match;
    header = cells;
    columns = columnIndex(cells);
    reader = match.createReader(cells, sink, { fileName: file });
    handlers.onFormat?.(match, cells, row.line);
  };

  try {
    fileSha256 = await readCsvRows(path, (row) => {
      if (reader === null) {
        findHeader(row);
        return;
      }
      if (row.problem !== null) cellProblem(row.line, row.problem.cell, row.cells, row.problem.message);
      rows += 1;
      if (rows % 10_000 === 0) handlers.onRows?.(rows);
      // A row whose quotes are broken has its cells in the wrong places: only its quoting is reported.
      if (row.problem !== null) return;
      const cells = row.cells;
      if (cells.length < header.length) {
        const last = cells.length - 1;
        cellProblem(row.line, last, cells, `the row has ${cells.length} cells but the header has ${header.length} columns (is the line cut off?)`);
        return;
      }
      // Even empty cells past the header are refused: a row "…,Deposit,ETH,0,5," has
      // its amount cut in two by a decimal comma and one empty cell too many. A
      // spreadsheet pads every line of its used range alike, the header too, so a file
      // it wrote has no row longer than its header.
      if (cells.length > header.length) {
        fileProblem(row.line, beyondHeader(cells, header));
        return;
      }
      transactionLine = row.line;
      reader.row(new CsvDataRow(row.line, cells, columns));
    });
  } catch (error) {
    // The file may go, or be locked, after it was found: still the file's fault, not a line's.
    if (isFileSystemError(error)) throw unreadableFile(path, error);
    if (error instanceof NotUtf8Error) {
      // Nothing past the byte can be read: no header to look for, no rows held back to finish.
      fileProblem(error.line, error.message);
      return { format, rows, fileSha256: null };
    }
    if (!(error instanceof HeaderNotFound)) throw error;
  }

  if (reader === null) {
    const problem = search.problem();
    fileProblem(problem.line, problem.message);
    return { format: null, rows, fileSha256 };
  }
  (reader as ReturnType<CsvFormat['createReader']>).finish();
  handlers.onRows?.(rows);
  return { format, rows, fileSha256 };
}

/** How many of the cells past the header a problem quotes. */
const MAX_QUOTED_EXTRA_CELLS = 3;

/**
 * What is wrong with a row that has cells past the header's last column: what they hold,
 * and what the last column holds, where the cut is often to be seen ("0,5" read as "0" and "5").
 */
function beyondHeader(cells: readonly string[], header: readonly string[]): string {
  const columns = header.length;
  const extra = cells.slice(columns).map((cell) => `"${quoted(cell)}"`);
  const shown = extra.length > MAX_QUOTED_EXTRA_CELLS ? [...extra.slice(0, MAX_QUOTED_EXTRA_CELLS), '…'] : extra;
  const which = extra.length === 1 ? `cell ${columns + 1} holds` : `cells ${columns + 1}–${cells.length} hold`;
  const values = shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)!}`;
  const last = header[columns - 1] === '' ? `column ${columns}` : header[columns - 1]!;
  return (
    `${which} ${values} beyond the header's ${columns} columns, after ${last} "${quoted(cells[columns - 1]!)}": ` +
    'an unquoted comma in a number or a note? ' +
    'A comma inside a cell splits it in two unless the cell is in quotes: write numbers with a dot for decimals (0.5, not 0,5), ' +
    'put a note with a comma in quotes, or export the file again.'
  );
}

/** A cell's text as a problem quotes it: its first line, cut short when long. */
function quoted(cell: string): string {
  const lineEnd = cell.search(/\r|\n/);
  const firstLine = lineEnd === -1 ? cell : cell.slice(0, lineEnd);
  const cut = firstLine.length > MAX_QUOTED_CHARACTERS ? firstLine.slice(0, MAX_QUOTED_CHARACTERS) : firstLine;
  return cut.length < cell.length ? `${cut}…` : cell;
}

/**
 * A row built from values that did not come from a file (an exchange's API answer read
 * through the same format code as its CSV export).
 */
export function recordAsRow(line: number, header: readonly string[], cells: readonly string[]): Row {
  return new CsvDataRow(line, cells, columnIndex(header));
}

/** Header name → cell index, by exact name and by lower-cased name; the first column wins. */
function columnIndex(header: readonly string[]): Map<string, number> {
  const columns = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') return;
    if (!columns.has(name)) columns.set(name, i);
    if (!columns.has(name.toLowerCase())) columns.set(name.toLowerCase(), i);
  });
  return columns;
}
