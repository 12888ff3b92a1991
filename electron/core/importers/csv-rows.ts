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
}

export interface CsvRowProblem {
  line: number;
  message: string;
}

/**
 * Calls onRow for every non-blank row in file order. Structural problems (an unterminated
 * quote) are passed to onProblem with their line; parsing continues so that every problem
 * in the file is reported at once. Resolves with the file's SHA-256 (hex).
 */
export function readCsvRows(
  path: string,
  onRow: (row: CsvRow) => void,
  onProblem: (problem: CsvRowProblem) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = 1;
    let first = true;
    let failure: unknown = null;
    const fileHash = createHash('sha256');
    const decoder = new StringDecoder('utf8');
    // Bytes in, text out: hashes each chunk of bytes, then decodes it (a character split
    // between two chunks is completed by the decoder).
    const hashAndDecode = new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _encoding, done) {
        fileHash.update(chunk);
        const text = decoder.write(chunk);
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
            if (first) {
              first = false;
              if (cells.length > 0 && cells[0]!.charCodeAt(0) === 0xfeff) cells[0] = cells[0]!.slice(1);
            }
            const rowLine = line;
            line += 1;
            for (const cell of cells) {
              let at = cell.indexOf('\n');
              while (at !== -1) {
                line += 1;
                at = cell.indexOf('\n', at + 1);
              }
            }
            for (; error < errors.length && errors[error]!.row === index; error += 1) {
              onProblem({ line: rowLine, message: describeParseError(errors[error]!) });
            }
            // A problem with no row (the delimiter could not be detected) goes with the
            // chunk's first row, as papaparse gives it to the first row when stepping.
            if (index === 0) {
              for (const rowless of errors) {
                if (rowless.row === undefined) onProblem({ line: rowLine, message: describeParseError(rowless) });
              }
            }
            if (cells.length === 1 && cells[0] === '') continue; // blank line
            onRow({ cells, line: rowLine });
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

function describeParseError(error: Papa.ParseError): string {
  switch (error.code) {
    case 'MissingQuotes':
      return 'a quoted cell is never closed (a missing " — the file may be cut off)';
    case 'InvalidQuotes':
      return 'a quote (") appears inside a cell that is not quoted';
    default:
      return error.message;
  }
}
