// Streams a CSV file's rows with the line number an editor shows for each (line 1 is the
// first line of the file), so every error can point at the exact place to fix.
// papaparse does the parsing; we count lines ourselves because quoted cells may span
// several lines and papaparse reports character offsets, not lines. The file's SHA-256
// is taken from the same bytes on the way, so the hash stored with an import is that of
// exactly what was read, without reading the file a second time.
import Papa from 'papaparse';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Transform } from 'node:stream';

export interface CsvRow {
  cells: string[];
  /** Editor line of the row's first character. */
  line: number;
  /** What is wrong with the row's quoting, when something is; its cells are then not to be trusted. */
  problem: CsvRowProblem | null;
}

export interface CsvRowProblem {
  /** Index of the cell the problem is in, when it can be told. */
  cell: number | null;
  message: string;
}

/**
 * Calls onRow for every row with a value in file order; blank rows (no cells, or only
 * empty and blank cells, as spreadsheets leave below the data) are skipped but still
 * counted as lines. A row whose quoting is broken (an unterminated quote) comes with its
 * problem; parsing continues so that every problem in the file is reported at once.
 * Resolves with the file's SHA-256 (hex).
 */
export function readCsvRows(
  path: string,
  onRow: (row: CsvRow) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = 1;
    let atStart = true;
    let failure: unknown = null;
    const fileHash = createHash('sha256');
    const decoder = new StringDecoder('utf8');
    // Bytes in, text out: hashes each chunk of bytes, then decodes it (a character split
    // between two chunks is completed by the decoder). A byte-order mark is dropped here,
    // before papaparse: in front of a quoted first cell it would make the quote part of
    // the cell's text, and the header unrecognisable.
    const hashAndDecode = new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _encoding, done) {
        fileHash.update(chunk);
        let text = decoder.write(chunk);
        if (atStart && text !== '') {
          atStart = false;
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        done(null, text === '' ? undefined : text);
      },
      flush(done) {
        const text = decoder.end();
        done(null, text === '' ? undefined : text);
      },
    });
    const stream = createReadStream(path)
      .on('error', (error) => hashAndDecode.destroy(error))
      .pipe(hashAndDecode);
    // A chunk of rows at a time rather than a step per row: papaparse then makes no
    // result object for each row, which is a good part of its cost on a large file.
    Papa.parse<string[]>(stream as unknown as File, {
      header: false,
      skipEmptyLines: false,
      chunk(result, parser) {
        const rows = result.data;
        let error = 0;
        const errors = result.errors;
        try {
          for (let index = 0; index < rows.length; index += 1) {
            const cells = rows[index]!;
            const rowLine = line;
            line += 1;
            for (const cell of cells) {
              let at = cell.indexOf('\n');
              while (at !== -1) {
                line += 1;
                at = cell.indexOf('\n', at + 1);
              }
            }
            // A chunk reports each quoting error of a row once or twice (an unclosed
            // quote is also a malformed one): one problem per row, the more telling.
            let problem: CsvRowProblem | null = null;
            for (; error < errors.length && errors[error]!.row === index; error += 1) {
              const found = describeQuoteError(errors[error]!, cells);
              if (found !== null && (problem === null || errors[error]!.code === 'MissingQuotes')) problem = found;
            }
            if (problem === null && isBlank(cells)) continue;
            onRow({ cells, line: rowLine, problem });
          }
        } catch (failed) {
          failure = failed;
          parser.abort();
        }
      },
      complete() {
        if (failure) reject(failure as Error);
        else resolve(fileHash.digest('hex'));
      },
      error(error: Error) {
        reject(error);
      },
    });
  });
}

const NOT_SPACE = /\S/;

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => !NOT_SPACE.test(cell));
}

/**
 * A quoting error as a problem in one of the row's cells. Papaparse's other warning, that
 * it could not detect the delimiter (a file of one column, or of blank lines), is no
 * problem of its own: it reads the file with commas, and the header check says what is
 * wrong with such a file in the user's terms.
 */
function describeQuoteError(error: Papa.ParseError, cells: readonly string[]): CsvRowProblem | null {
  switch (error.code) {
    case 'MissingQuotes':
      // The unclosed cell runs to the end of the file: it is the row's last.
      return { cell: cells.length - 1, message: 'the quote (") that opens this cell is never closed: a missing ", or the file is cut off' };
    case 'InvalidQuotes': {
      const cell = cells.findIndex((text) => text.includes('"'));
      return { cell: cell === -1 ? null : cell, message: 'text follows the closing quote (") of this cell: a quote inside a quoted cell is written twice ("")' };
    }
    default:
      return null;
  }
}
