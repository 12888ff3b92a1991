// The shape every CSV importer has: one module per format, registered in registry.ts.
// A format recognises its header, then turns rows into transaction drafts. Errors are
// values, reported with the line and column to fix; a format never throws on bad data.
import type { ImportFormatId } from '../../../shared/import-formats.ts';
import type { TransactionDraft } from '../../../shared/transaction.ts';

export type FormatId = ImportFormatId;

export interface RowError {
  line: number;
  /** Header name of the offending column; null for a problem with the whole row. */
  column: string | null;
  /** The offending cell as written; null when the problem is not one cell. */
  value: string | null;
  message: string;
}

/**
 * A row as read, kept as the transaction's raw record: its line and its cells. The header
 * is stored once with the import batch, so a million rows do not repeat it.
 */
export interface RawRow {
  line: number;
  cells: readonly string[];
}

/** One data row, with its cells reachable by header name. */
export interface Row {
  readonly line: number;
  readonly cells: readonly string[];
  /** The cell under this header ('' when the column is absent or the cell empty). */
  get(column: string): string;
  /** True when the header has this column. */
  has(column: string): boolean;
  /** The row as read, for the transaction's raw record. */
  record(): RawRow;
}

export interface DraftSink {
  transaction(draft: TransactionDraft): void;
  error(error: RowError): void;
}

/** Reads the rows of one file; may hold rows back (to join a trade's legs) until finish. */
export interface RowReader {
  row(row: Row): void;
  finish(): void;
}

/** A column by its name, or by the names it goes by in different versions (the first is shown). */
export type ColumnNames = string | readonly string[];

/** The columns of a format's header, by what they are for. */
export interface FormatColumns {
  /** The columns a header must have. */
  required: readonly ColumnNames[];
  /** The other columns the format reads, when present. */
  optional: readonly ColumnNames[];
}

export interface CsvFormat {
  id: FormatId;
  /** Human name, as the user knows the file: "Koinly universal". */
  title: string;
  /** Where the file comes from, for --help and the import screen. */
  origin: string;
  /** The columns that must be present (header names as written by the source). */
  describeHeader: string;
  /**
   * The columns as lists, so that a header that falls short can be told which columns it
   * lacks (detect-format.ts). A format whose header versions differ in more than a
   * column's name leaves this out and is described by describeHeader alone.
   */
  columns?: FormatColumns;
  /**
   * For a format whose columns must come in one order (a template read by position):
   * its columns in that order, so that a header with exactly these columns in another
   * order can be told the order (detect-format.ts).
   */
  columnOrder?: readonly ColumnNames[];
  /** True when these header cells (trimmed) are this format's. */
  matchesHeader(header: readonly string[]): boolean;
  createReader(header: readonly string[], sink: DraftSink, source?: FileSource): RowReader;
}

/**
 * What a reader may know about the file besides its rows: some exports state things only
 * in the name they give the file (Binance writes the time zone of its times there).
 */
export interface FileSource {
  /** The file's name as the user has it, without its folder. */
  fileName: string;
}
