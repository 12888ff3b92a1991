// CSV text for files with a row per disposal or per transaction, written line by line.
//
// csvText() hands papaparse an array per row; for a million rows that costs about 4 s
// in papaparse's per-cell escaping and 1 s building the arrays. Here a writer joins its own
// cells, and only cells that may hold a delimiter or a quote (text) go through csvCell();
// numbers and dates the writer formats never need quoting. The output is byte for byte what
// csvText() writes for the same cells (the tests hold them to it), except that a file with
// no rows is the header line alone (papaparse writes an empty row there).

// What makes papaparse quote a cell (quotes: false): a quote, a delimiter, a line break or
// a byte order mark anywhere, or a space at either end.
const NEEDS_QUOTES = /["\r\n\ufeff,]|^ | $/;
const QUOTE = /"/g;

/** One cell of text, quoted and its quotes doubled when CSV needs it. */
export function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

/** The header (plain column names) and the lines as CSV text: "\n" line ends and a final newline. */
export function csvLines(header: readonly string[], lines: readonly string[]): string {
  const csv = createCsv(header);
  for (const line of lines) csv.line(line);
  return csv.text();
}

export interface CsvBuilder {
  /** Adds a line of cells already joined with commas (and each escaped with csvCell). */
  line(text: string): void;
  /** The whole file: the header, the lines, "\n" after each. */
  text(): string;
}

// A line built with + or a template is a rope of its parts until something reads it; a
// million of them kept to the end hold tens of millions of small strings and the garbage
// collector spends more time than the writer. Joining every few thousand lines flattens
// them while their parts are still young.
const LINES_PER_CHUNK = 4096;

export function createCsv(header: readonly string[]): CsvBuilder {
  const chunks: string[] = [`${header.map(csvCell).join(',')}\n`];
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    pending.push('');
    chunks.push(pending.join('\n'));
    pending = [];
  };
  return {
    line(text) {
      pending.push(text);
      if (pending.length === LINES_PER_CHUNK) flush();
    },
    text() {
      flush();
      return chunks.join('');
    },
  };
}
