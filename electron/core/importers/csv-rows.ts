// Streams a CSV file's rows with the line number an editor shows for each (line 1 is the
// first line of the file), so every error can point at the exact place to fix.
// papaparse does the parsing; we count lines ourselves because quoted cells may span
// several lines and papaparse reports character offsets, not lines. The file's SHA-256
// is taken from the same bytes on the way, so the hash stored with an import is that of
// exactly what was read, without reading the file a second time. The bytes must be UTF-8
// text (see utf8-text.ts), and the cells separated by commas.
import Papa from 'papaparse';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { locateInvalidUtf8, utf16Start } from './utf8-text.ts';

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
 * Resolves with the file's SHA-256 (hex). At the first byte that is not UTF-8 it rejects
 * with a NotUtf8Error (utf8-text.ts), after the rows before it.
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
    // Fatal: a byte that is not UTF-8 stops the reading, where a lenient decoder would
    // put a replacement character in the cell and go on. A UTF-8 byte-order mark is
    // dropped by the decoder, before papaparse: in front of a quoted first cell it would
    // make the quote part of the cell's text, and the header unrecognisable.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const notUtf8 = (error: unknown): Error => {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') return error as Error;
      try {
        return locateInvalidUtf8(path);
      } catch (unreadable) {
        return unreadable as Error; // gone since: parse-file.ts says so
      }
    };
    // Bytes in, text out: hashes each chunk of bytes, then decodes it (a character split
    // between two chunks is completed by the decoder).
    const hashAndDecode = new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _encoding, done) {
        if (atStart) {
          atStart = false;
          const utf16 = utf16Start(chunk);
          if (utf16 !== null) return done(utf16);
        }
        fileHash.update(chunk);
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch (error) {
          return done(notUtf8(error));
        }
        done(null, text === '' ? undefined : text);
      },
      flush(done) {
        let text: string;
        try {
          text = decoder.decode();
        } catch (error) {
          return done(notUtf8(error));
        }
        done(null, text === '' ? undefined : text);
      },
    });
    const stream = createReadStream(path)
      .on('error', (error) => hashAndDecode.destroy(error))
      .pipe(hashAndDecode);
    // A chunk of rows at a time rather than a step per row: papaparse then makes no
    // result object for each row, which is a good part of its cost on a large file.
    Papa.parse<string[]>(stream as unknown as File, {
      // Never guessed: a file with another separator is told apart by its header (see
      // detect-format.ts) rather than read with it.
      delimiter: ',',
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

/** A quoting error as a problem in one of the row's cells. */
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
