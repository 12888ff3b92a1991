// Lotwise reads CSV files as UTF-8 text, and only as that: a file in another encoding
// (Windows-1252 or Latin-1 from an older spreadsheet, UTF-16 from "Unicode text") would
// be read with wrong letters, and an ID or a note with an accent would then differ from
// the same row exported again as UTF-8. This module tells such a file apart and says
// where and how to fix it.
import { openSync, readSync, closeSync } from 'node:fs';

/** The file is not UTF-8 text: `line` is where its first byte that is not UTF-8 is. */
export class NotUtf8Error extends Error {
  override name = 'NotUtf8Error';
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

const SAVE_AS_UTF8 =
  'Open it in your spreadsheet and save it as "CSV UTF-8 (Comma delimited)", or export it again as UTF-8 CSV, then import that file.';

/** How much of a file's start is looked at for the zero bytes of UTF-16 text. */
const UTF16_SAMPLE_BYTES = 1024;

/**
 * A NotUtf8Error when the file's first bytes are those of UTF-16 text: its byte-order mark,
 * or (without one) zero bytes, which UTF-16 has in every other byte of plain letters and
 * digits and a text file has none of.
 */
export function utf16Start(firstBytes: Uint8Array): NotUtf8Error | null {
  const bom = firstBytes.length >= 2 && ((firstBytes[0] === 0xff && firstBytes[1] === 0xfe) || (firstBytes[0] === 0xfe && firstBytes[1] === 0xff));
  const sample = firstBytes.subarray(0, UTF16_SAMPLE_BYTES);
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros += 1;
  if (!bom && zeros * 4 < Math.max(sample.length, 1)) return null;
  return new NotUtf8Error(1, `the file is UTF-16 text ("Unicode text"), and Lotwise reads CSV files saved as UTF-8. ${SAVE_AS_UTF8}`);
}

/**
 * Finds the first byte of the file at path that is not UTF-8, for the error that says so;
 * called only once decoding has failed, so the file is read a second time only then.
 */
export function locateInvalidUtf8(path: string): NotUtf8Error {
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.alloc(1024 * 1024);
    // The end of the last block when it stops inside a character: read again with the next.
    let carried = Buffer.alloc(0);
    let line = 1;
    let lineText: Buffer[] = [];
    let previousWasCr = false;
    for (;;) {
      const read = readSync(fd, block, 0, block.length, null);
      const bytes = carried.length === 0 ? block.subarray(0, read) : Buffer.concat([carried, block.subarray(0, read)]);
      const { invalidAt, completeTo } = scanUtf8(bytes, read === 0);
      const end = invalidAt === -1 ? completeTo : invalidAt;
      let lineStart = 0;
      for (let i = 0; i < end; i += 1) {
        const byte = bytes[i]!;
        if (byte === 0x0a && previousWasCr) {
          lineStart = i + 1;
        } else if (byte === 0x0a || byte === 0x0d) {
          line += 1;
          lineStart = i + 1;
          lineText = [];
        }
        previousWasCr = byte === 0x0d;
      }
      lineText.push(Buffer.from(bytes.subarray(lineStart, end)));
      if (invalidAt !== -1) return invalidByte(line, Buffer.concat(lineText).toString('utf8'), bytes[invalidAt]!);
      // Whole UTF-8 on a second reading: the file changed since the first.
      if (read === 0) return new NotUtf8Error(line, `the file is not UTF-8 text, or it changed while it was read. ${SAVE_AS_UTF8}`);
      carried = Buffer.from(bytes.subarray(completeTo));
    }
  } finally {
    closeSync(fd);
  }
}

/** How much of a line a problem shows before the byte it is about. */
const SHOWN_CHARACTERS = 40;

function invalidByte(line: number, before: string, byte: number): NotUtf8Error {
  const shown = before.length > SHOWN_CHARACTERS ? `…${before.slice(-SHOWN_CHARACTERS)}` : before;
  const where = shown === '' ? 'at the start of this line' : `after "${shown}"`;
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  // Such a byte (80–FF: every byte below is a character of its own in UTF-8) is a letter
  // with an accent or a sign (é, £, €) on its own in Windows-1252 and Latin-1.
  return new NotUtf8Error(
    line,
    `the file is not UTF-8 text (it is probably saved as Windows-1252 or Latin-1, "ANSI"): ${where} comes the byte ${hex}, ` +
      `which UTF-8 does not allow there. ${SAVE_AS_UTF8}`,
  );
}

/**
 * Where the first ill-formed sequence of UTF-8 in bytes starts (-1 if none), and how far
 * the bytes are whole characters (short of an unfinished character at their end, unless
 * they are the end of the file, where it is ill-formed). Follows the Unicode standard's
 * well-formed byte sequences, as a fatal TextDecoder does.
 */
function scanUtf8(bytes: Uint8Array, atEnd: boolean): { invalidAt: number; completeTo: number } {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return { invalidAt: i, completeTo: i };
    for (let k = 1; k < length; k += 1) {
      if (i + k >= bytes.length) return atEnd ? { invalidAt: i, completeTo: i } : { invalidAt: -1, completeTo: i };
      const next = bytes[i + k]!;
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next < min || next > max) return { invalidAt: i, completeTo: i };
    }
    i += length;
  }
  return { invalidAt: -1, completeTo: bytes.length };
}
