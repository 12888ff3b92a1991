// The import pipeline on malformed and repeated input: all or nothing, every problem
// reported with its line, idempotent re-imports, undo.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile, type ImportResult } from '../../../electron/core/importers/import-file.ts';
import { undoBatch, UndoError, listBatches } from '../../../electron/core/ledger/batches.ts';
import { WORKER_THRESHOLD_BYTES } from '../../../electron/core/importers/read-encoded-rows.ts';
import { FileReadError } from '../../../electron/core/importers/parse-file.ts';
import { rowCount, storedRows } from '../../support/ledger-queries.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';

const HEADER =
  'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash';
const BUY = '2024-01-02 10:00 UTC,1000,USD,0.025,BTC,2.5,USD,1000,USD,,,';
const STAKE = '2024-01-03 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,,';
const SELL = '2024-01-04 10:00 UTC,0.01,BTC,420,USD,,,420,USD,,,';
const SEND = '2024-01-05 10:00 UTC,0.005,BTC,,,,,,,,to wallet,0xfeed';

let dir: TempDir;
let db: Database;
beforeEach(async () => {
  dir = tempDir();
  ({ db } = await tempLedger(dir));
});
afterEach(() => {
  db.close();
  dir.remove();
});

function csv(name: string, lines: string[], eol = '\n'): string {
  return dir.file(name, lines.join(eol) + eol);
}

async function importInto(path: string, account = 'Koinly', format: 'auto' | 'koinly' = 'auto'): Promise<ImportResult> {
  return importFile(db, { path, accountName: account, format });
}

function messagesOf(result: ImportResult) {
  if (result.ok) throw new Error(`expected the import to be rejected, got ${JSON.stringify(result)}`);
  return result.problems.map((p) => ({ line: p.line, message: p.message }));
}

function problemsOf(result: ImportResult) {
  if (result.ok) throw new Error(`expected the import to be rejected, got ${JSON.stringify(result)}`);
  return result.problems.map((p) => ({ line: p.line, column: p.column, value: p.value }));
}

describe('rejected files write nothing', () => {
  it('reports a bad date and a bad number with line, column and value, and writes nothing', async () => {
    const path = csv('bad.csv', [HEADER, BUY, '2024-13-02 10:00 UTC,1000,USD,0.02,BTC,,,,,,,', '2024-01-03 10:00 UTC,1o00,USD,0.02,BTC,,,,,,,', STAKE]);
    const result = await importInto(path);
    expect(problemsOf(result)).toEqual([
      { line: 3, column: 'Date', value: '2024-13-02 10:00 UTC' },
      { line: 4, column: 'Sent Amount', value: '1o00' },
    ]);
    expect(rowCount(db)).toBe(0);
    expect(rowCount(db, 'accounts')).toBe(0);
    expect(rowCount(db, 'import_batches')).toBe(0);
  });

  it('leaves earlier imports exactly as they were', async () => {
    expect((await importInto(csv('good.csv', [HEADER, BUY, STAKE]))).ok).toBe(true);
    const before = storedRows(db);
    const result = await importInto(csv('bad.csv', [HEADER, SELL, '2024-01-09 10:00 UTC,abc,BTC,,,,,,,,,']));
    expect(result.ok).toBe(false);
    expect(storedRows(db)).toEqual(before);
    expect(listBatches(db)).toHaveLength(1);
  });

  it('refuses a file with no rows, whatever blank lines or cells it holds, as that and nothing else', async () => {
    const files = {
      'empty.csv': '',
      'bom.csv': '\uFEFF',
      'newlines.csv': '\n\n\r\n',
      'blank-cells.csv': ',,,,\n   \n,,\n',
    };
    for (const [name, text] of Object.entries(files)) {
      const result = await importInto(dir.file(name, text));
      expect(result.ok ? [] : result.problems.map((p) => ({ line: p.line, message: p.message })), name).toEqual([
        { line: 1, message: 'the file has no rows: it is empty, or holds only blank lines' },
      ]);
    }
  });

  it('names the format a header looks like and the required columns it lacks', async () => {
    const path = csv('missing.csv', ['Date,Sent Amount,Sent Currency,Received Amount,Fee Amount', '2024-01-02 10:00 UTC,1,BTC,2,']);
    expect(messagesOf(await importInto(path))).toEqual([
      { line: 1, message: 'this line looks like the Koinly universal header, but it has no "Received Currency" column. Add it to the header, or export the file again.' },
    ]);
    // Asked for, the format is named whatever the header; only the required columns it lacks are listed.
    const noDate = csv('no-date.csv', ['When,Sent Amount,Sent Currency,Received Amount,Description', '2024-01-02 10:00 UTC,1,BTC,2,']);
    expect(messagesOf(await importInto(noDate, 'Koinly', 'koinly'))).toEqual([
      {
        line: 1,
        message: 'this line is not a complete Koinly universal header: it has no "Date" (or "Koinly Date") and "Received Currency" columns. Add them to the header, or choose the file\'s own format.',
      },
    ]);
    // Below a preamble, the line that comes closest is the one pointed at.
    const below = csv('below.csv', ['My wallet export', 'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount', '2024-01-02T10:00:00Z,deposit,,,BTC,1']);
    expect(messagesOf(await importInto(below))).toEqual([
      { line: 2, message: 'this line looks like the Lotwise template header, but it has no "Fiat Value" column. Add it to the header, or export the file again.' },
    ]);
    expect(rowCount(db)).toBe(0);
  });

  it('names the column an exchange export lacks, in each exchange format that lists its columns', async () => {
    const headers = {
      'kraken.csv': ['txid,refid,time,type,subtype,aclass,amount,fee,balance', 'L1,R1,2024-01-01 00:00:00,deposit,,currency,1,0,1', 'Kraken ledgers', '"asset"'],
      'binance.csv': ['User_ID,UTC_Time,Account,Operation,Coin,Remark', '1,2024-01-01 00:00:00,Spot,Deposit,BTC,', 'Binance transaction history', '"Change"'],
      'coinbase.csv': ['ID,Timestamp,Transaction Type,Asset,Price Currency,Price at Transaction,Subtotal,Notes', '', 'Coinbase transaction history', '"Quantity Transacted"'],
    };
    for (const [name, [header, row, title, column]] of Object.entries(headers)) {
      const path = csv(name, row === '' ? [header!] : [header!, row!]);
      expect(messagesOf(await importInto(path)), name).toEqual([
        { line: 1, message: `this line looks like the ${title} header, but it has no ${column} column. Add it to the header, or export the file again.` },
      ]);
    }
    expect(rowCount(db)).toBe(0);
  });

  it('says no header was found when no line is close to any format, without papaparse’s delimiter warning', async () => {
    const path = csv('notes.csv', ['Transactions', 'Jane Tester']);
    const problems = messagesOf(await importInto(path));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^the file's format was not recognised: it has no header of a supported format \(its first line reads "Transactions"\)\. Supported: /);
  });

  it('names the last column of a cut-off row and the cell where an unclosed quote opens, with its value', async () => {
    const cut = await importInto(dir.file('cut.csv', `${HEADER}\n${BUY}\n2024-01-03 10:00 UTC,,,0.01,E`));
    expect(cut.ok ? [] : cut.problems).toEqual([
      {
        file: 'cut.csv',
        line: 3,
        column: 'Received Currency',
        columnNumber: 5,
        value: 'E',
        message: 'the row has 5 cells but the header has 12 columns (is the line cut off?)',
      },
    ]);
    const quote = await importInto(dir.file('quote.csv', `${HEADER}\n${BUY}\n2024-01-03 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,"never closed,\n${SELL}\n`));
    // One problem: the row's cells are not trusted further, so no count of them is reported.
    expect(quote.ok ? [] : quote.problems).toEqual([
      {
        file: 'quote.csv',
        line: 3,
        column: 'Description',
        columnNumber: 11,
        value: 'never closed,…',
        message: 'the quote (") that opens this cell is never closed: a missing ", or the file is cut off',
      },
    ]);
    const stray = await importInto(dir.file('stray.csv', `${HEADER}\n2024-01-03 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,"said "hi" twice",\n`));
    expect(stray.ok ? [] : stray.problems.map(({ line, column, value, message }) => ({ line, column, value, message }))).toEqual([
      { line: 2, column: 'Description', value: 'said "hi" twice', message: 'text follows the closing quote (") of this cell: a quote inside a quoted cell is written twice ("")' },
    ]);
    expect(rowCount(db)).toBe(0);
  });

  it('lists problems in line order, however late the format finds them', async () => {
    // Kraken pairs a trade's rows at the end of the file: the unpaired row on line 2 is
    // found after the bad date on line 3.
    const path = csv('kraken.csv', [
      'txid,refid,time,type,subtype,aclass,asset,amount,fee,balance',
      'L1,T1,2021-01-05 10:00:00,trade,,currency,ZUSD,-3000.0000,4.8000,1995.2000',
      'L2,D1,2021-02-30 11:00:00,deposit,,currency,XXBT,0.1,0,0.1',
    ]);
    const result = await importInto(path);
    expect(problemsOf(result).map((p) => p.line)).toEqual([2, 3]);
  });

  it('refuses a file that is gone or a folder as the file’s fault, not a line’s, on either thread, writing nothing', async () => {
    const missing = `${dir.path}/no-such.csv`;
    const gone = `no-such.csv is not at ${missing}: it may have been moved, renamed or deleted. Choose the file again from where it is now.`;
    for (const worker of [false, true]) {
      const attempt = importFile(db, { path: missing, accountName: 'Koinly', format: 'auto', worker });
      await expect(attempt).rejects.toThrow(FileReadError);
      await expect(attempt).rejects.toThrow(gone);
      await expect(importFile(db, { path: dir.path, accountName: 'Koinly', format: 'auto', worker })).rejects.toThrow(
        new FileReadError(`${dir.path} is a folder. Choose the CSV file itself.`),
      );
    }
    expect(rowCount(db, 'accounts')).toBe(0);
    expect(rowCount(db, 'import_batches')).toBe(0);
  });
});

describe('the shapes real files come in', () => {
  it('reads a file with a byte-order mark and CRLF line ends', async () => {
    const result = await importInto(dir.file('bom.csv', `\uFEFF${[HEADER, BUY, STAKE].join('\r\n')}\r\n`));
    expect(result).toMatchObject({ ok: true, added: 2 });
    expect(storedRows(db)[0]).toMatchObject({ sent_amount: '1000', received_amount: '0.025' });
  });

  it('reads a byte-order mark before a quoted header, on either thread', async () => {
    const quote = (line: string) => line.split(',').map((cell) => `"${cell}"`).join(',');
    const path = dir.file('bom-quoted.csv', `\uFEFF${[HEADER, BUY, STAKE].map(quote).join('\r\n')}\r\n`);
    for (const worker of [false, true]) {
      const result = await importFile(db, { path, accountName: `Koinly ${worker}`, format: 'auto', worker });
      expect(result, `worker: ${worker}`).toMatchObject({ ok: true, format: 'koinly', added: 2 });
    }
    expect(await importFile(db, { path, accountName: 'Forced', format: 'koinly' })).toMatchObject({ ok: true, added: 2 });
  });

  it('skips rows of empty or blank cells as blank lines, keeping the lines of the rows after them', async () => {
    const path = csv('excel.csv', [HEADER, BUY, ',,,,,,,,,,,', '   ', ' , ,', STAKE, ',,,,,,,,,,,', '2024-01-04 10:00 UTC,x,BTC,,,,,,,,,', ',,,,,,,,,,,']);
    expect(problemsOf(await importInto(path))).toEqual([{ line: 8, column: 'Sent Amount', value: 'x' }]);
    const fixed = await importInto(csv('excel-fixed.csv', [HEADER, BUY, ',,,,,,,,,,,', '   ', STAKE, ',,,,,,,,,,,']));
    expect(fixed).toMatchObject({ ok: true, added: 2, rows: 2 });
  });

  it('keeps quoted commas and line breaks inside a cell and counts lines as an editor does', async () => {
    const path = csv('quoted.csv', [
      HEADER,
      '2024-01-02 10:00 UTC,1000,USD,0.025,BTC,,,1000,USD,,"bought, finally",',
      '2024-01-03 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,"two\nlines",',
      '2024-01-04 10:00 UTC,x,BTC,,,,,,,,,',
    ]);
    const result = await importInto(path);
    // The bad row starts on line 5: the quoted cell above it spans lines 3 and 4.
    expect(problemsOf(result)).toEqual([{ line: 5, column: 'Sent Amount', value: 'x' }]);
    const fixed = await importInto(csv('quoted-fixed.csv', [HEADER, '2024-01-02 10:00 UTC,1000,USD,0.025,BTC,,,1000,USD,,"bought, finally",', '2024-01-03 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,"two\nlines",']));
    expect(fixed).toMatchObject({ ok: true, added: 2 });
    expect(storedRows(db).map((r) => r.description)).toEqual(['bought, finally', 'two\nlines']);
  });

  it('takes a header-only file as no transactions, and records nothing for it: no batch, no account', async () => {
    for (const lines of [[HEADER], [HEADER, ',,,,,,,,,,,', '']]) {
      expect(await importInto(csv('header.csv', lines))).toEqual({ ok: true, batchId: null, format: 'koinly', added: 0, skipped: 0, rows: 0 });
    }
    expect(rowCount(db, 'accounts')).toBe(0);
    expect(rowCount(db, 'import_batches')).toBe(0);
  });
});

describe('files whose numbers or text Lotwise will not guess at', () => {
  const BEYOND =
    'an unquoted comma in a number or a note? A comma inside a cell splits it in two unless the cell is in quotes: ' +
    'write numbers with a dot for decimals (0.5, not 0,5), put a note with a comma in quotes, or export the file again.';

  it('refuses a row longer than its header even when the cells past it are empty, naming what they hold', async () => {
    // An unquoted decimal comma and one trailing comma: "0,5," is Change "0", Remark "5" and an empty cell.
    const binance = dir.file('binance.csv', [
      'User ID,Time,Account,Operation,Coin,Change,Remark',
      '84158159,24-01-10 08:00:00,Spot,Deposit,BTC,2,',
      '84158159,24-02-10 08:00:00,Spot,Deposit,ETH,0,5,',
    ].join('\n'));
    expect(messagesOf(await importInto(binance))).toEqual([
      { line: 3, message: `cell 8 holds "" beyond the header's 7 columns, after Remark "5": ${BEYOND}` },
    ]);
    const coinbase = csv('coinbase.csv', [
      'Timestamp,Transaction Type,Asset,Quantity Transacted,Spot Price Currency,Spot Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes',
      '2024-03-01T10:00:00Z,Buy,ETH,1.00000000,USD,2500.00,2500.00,2,515.00,15.00,Bought 1.0000 ETH for $2,515.00 USD',
    ]);
    expect(await importInto(coinbase)).toMatchObject({
      ok: false,
      problems: [
        {
          line: 2,
          column: null,
          value: null,
          message: `cells 11–12 hold "Bought 1.0000 ETH for $2" and "515.00 USD" beyond the header's 10 columns, after Notes "15.00": ${BEYOND}`,
        },
      ],
    });
    expect(rowCount(db, 'accounts')).toBe(0);
  });

  it('reads a file a spreadsheet padded with empty columns, the header as much as every row', async () => {
    const padded = csv('padded.csv', [`${HEADER},,`, `${BUY},,`, `${STAKE},,`]);
    expect(await importInto(padded)).toMatchObject({ ok: true, added: 2 });
  });

  it('refuses a file whose cells are separated by semicolons or tabs, quoted or not, saying why and what to do', async () => {
    const regional =
      'Numbers in such a file may follow regional settings, with a dot between thousands and a comma before decimals: ' +
      '"1.500" may be fifteen hundred or one and a half, which Lotwise cannot tell apart. Export the file again as ' +
      'comma-separated CSV, or in your spreadsheet save it as "CSV UTF-8 (Comma delimited)" with a dot as the decimal separator.';
    const semicolons =
      'this is the Koinly universal header with its cells separated by semicolons (;) instead of commas, as a spreadsheet saves CSV where a comma is the decimal separator. ';
    const semi = (line: string) => line.replaceAll(',', ';');
    const quoted = (line: string) => semi(line).split(';').map((cell) => `"${cell}"`).join(';');
    // "1.500" is fifteen hundred here: read with commas, it was 1.5.
    const plain = csv('semicolons.csv', [semi(HEADER), '2023-01-10 12:00 UTC;1.500;USD;1.500;USDT;;;;;;Bought 1500 USDT;', '2023-02-10 12:00 UTC;;;0,5;ETH;;;1.000;USD;staking;;']);
    const quotedFile = csv('quoted.csv', [quoted(HEADER), quoted('2023-02-10 12:00 UTC,,,0;5,ETH,,,1.000,USD,staking,,')]);
    for (const path of [plain, quotedFile]) {
      expect(messagesOf(await importInto(path)), path).toEqual([{ line: 1, message: semicolons + regional }]);
      expect(messagesOf(await importInto(path, 'Koinly', 'koinly')), path).toEqual([{ line: 1, message: semicolons + regional }]);
    }
    const tabs = csv('tabs.csv', [HEADER.replaceAll(',', '\t'), STAKE.replaceAll(',', '\t')]);
    expect(messagesOf(await importInto(tabs))).toEqual([
      {
        line: 1,
        message: `this is the Koinly universal header with its cells separated by tabs instead of commas, as a spreadsheet saves "Text (Tab delimited)". ${regional}`,
      },
    ]);
    // A semicolon or a tab inside a cell of a comma-separated file is only text.
    const inCells = csv('in-cells.csv', [HEADER, '2024-01-03 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,"pool; week\t1",']);
    expect(await importInto(inCells)).toMatchObject({ ok: true, added: 1 });
    expect(storedRows(db).map((r) => r.description)).toEqual(['pool; week\t1']);
  });

  it('refuses a file that is not UTF-8, on either thread, at the line of its first such byte', async () => {
    // Windows-1252: "é" is the one byte E9, "–" the byte 96.
    const latin1 = dir.file('latin1.csv', Buffer.from(`${HEADER}\n${BUY}\n2024-01-03 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,Achat - caf\u00e9,\n`, 'latin1'));
    const ansi = 'the file is not UTF-8 text (it is probably saved as Windows-1252 or Latin-1, "ANSI")';
    const saveAs = 'Open it in your spreadsheet and save it as "CSV UTF-8 (Comma delimited)", or export it again as UTF-8 CSV, then import that file.';
    for (const worker of [false, true]) {
      const result = await importFile(db, { path: latin1, accountName: 'Koinly', format: 'auto', worker });
      expect(result.ok ? [] : result.problems, `worker: ${worker}`).toEqual([
        {
          file: 'latin1.csv',
          line: 3,
          column: null,
          columnNumber: null,
          value: null,
          message: `${ansi}: after "…,0.01,ETH,,,22.5,USD,staking,Achat - caf" comes the byte E9, which UTF-8 does not allow there. ${saveAs}`,
        },
      ]);
    }
    // Far into a large file, after characters of two and three bytes all the way: most
    // of its bytes are in one, so the chunks it is read in cut some in two.
    const euros = '\u20ac'.repeat(20);
    const lines = [HEADER, BUY];
    while (lines.length < 20_000) lines.push(`2024-02-01 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,r\u00e9compense ${euros}${lines.length},`);
    const late = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n`), Buffer.from('2024-03-01 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,\u00e9,\n', 'latin1')]);
    const large = dir.file('large.csv', late);
    expect(late.length).toBeGreaterThan(WORKER_THRESHOLD_BYTES);
    for (const worker of [false, true]) {
      const result = await importFile(db, { path: large, accountName: 'Koinly', format: 'auto', worker });
      expect(result.ok ? [] : result.problems.map((p) => ({ line: p.line, message: p.message })), `worker: ${worker}`).toEqual([
        { line: 20_001, message: `${ansi}: after "…10:00 UTC,,,0.01,ETH,,,22.5,USD,staking," comes the byte E9, which UTF-8 does not allow there. ${saveAs}` },
      ]);
    }
    // The same file in UTF-8 is read, every character whole.
    const utf8 = dir.file('utf8.csv', `${lines.join('\r\n')}\r\n`);
    expect(await importFile(db, { path: utf8, accountName: 'Koinly', format: 'auto', worker: true })).toMatchObject({ ok: true, added: 19_999 });
    expect(storedRows(db).at(-1)!.description).toBe(`récompense ${euros}19999`);
    expect(rowCount(db, 'import_batches')).toBe(1);
  });

  it('refuses UTF-16 text, with a byte-order mark or without, at once', async () => {
    const text = `${HEADER}\n${STAKE}\n`;
    const littleEndian = Buffer.from(text, 'utf16le');
    const bigEndian = Buffer.from(littleEndian).swap16();
    const files = {
      'le.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), littleEndian]),
      'be.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]),
      'le-no-bom.csv': littleEndian,
    };
    for (const [name, bytes] of Object.entries(files)) {
      expect(messagesOf(await importInto(dir.file(name, bytes))), name).toEqual([
        {
          line: 1,
          message:
            'the file is UTF-16 text ("Unicode text"), and Lotwise reads CSV files saved as UTF-8. Open it in your spreadsheet and save it as ' +
            '"CSV UTF-8 (Comma delimited)", or export it again as UTF-8 CSV, then import that file.',
        },
      ]);
    }
  });

  it('refuses a rounded number in scientific notation and an absurd exponent, and reads an exact small one', async () => {
    const path = csv('scientific.csv', [
      HEADER,
      '2023-01-10 12:00 UTC,,,1.5E-05,BTC,,,0.5,USD,staking,tiny reward,',
      '2023-01-11 12:00 UTC,,,1.23457E+15,SHIB,,,10,USD,airdrop,rounded,',
      '2023-01-12 12:00 UTC,,,1,ETH,,,1e99999999,USD,staking,huge,',
      '2023-01-13 12:00 UTC,,,1E-31,ETH,,,1,USD,staking,tiny,',
    ]);
    expect(problemsOf(await importInto(path))).toEqual([
      { line: 3, column: 'Received Amount', value: '1.23457E+15' },
      { line: 4, column: 'Net Worth Amount', value: '1e99999999' },
      { line: 5, column: 'Received Amount', value: '1E-31' },
    ]);
    expect(messagesOf(await importInto(path)).map((p) => p.message)).toEqual([
      '1.23457E+15 is a rounded number: a spreadsheet shows a long number in scientific notation, and the digits after 1.23457 are not in the file. ' +
        'Format the column as a number with all its decimals in the spreadsheet and export the file again',
      'the exponent of 1e99999999 is out of range: write the number out in full (Lotwise takes exponents from E-30 to E+30)',
      'the exponent of 1E-31 is out of range: write the number out in full (Lotwise takes exponents from E-30 to E+30)',
    ]);
    // An exponent that only moves the point within the digits written loses nothing.
    const exact = csv('exact.csv', [HEADER, '2023-01-10 12:00 UTC,,,1.5E-05,BTC,,,1.25E+2,USD,staking,,', '2023-01-11 12:00 UTC,,,2.50e1,ETH,,,1,USD,staking,,']);
    expect(await importInto(exact)).toMatchObject({ ok: true, added: 2 });
    expect(storedRows(db).map((r) => [r.received_amount, r.fiat_value])).toEqual([['0.000015', '125'], ['25', '1']]);
  });

  it('refuses a minus sign where amounts are never negative, on a zero too, and a side written as 0', async () => {
    const path = csv('zeros.csv', [
      HEADER,
      '2023-01-10 12:00 UTC,-0,ETH,1,BTC,-0.0,ETH,20000,USD,,negative zeros,',
      '2023-01-11 12:00 UTC,,,1,ETH,,,-0,USD,staking,worth minus zero,',
      '2023-01-12 12:00 UTC,0,ETH,1,BTC,,,20000,USD,,sent nothing,',
    ]);
    expect(await importInto(path)).toMatchObject({
      ok: false,
      problems: [
        { line: 2, column: 'Sent Amount', value: '-0', message: 'amounts must not be negative here' },
        { line: 2, column: 'Fee Amount', value: '-0.0', message: 'amounts must not be negative here' },
        { line: 3, column: 'Net Worth Amount', value: '-0', message: 'a value must not be negative' },
        {
          line: 4,
          column: 'Sent Amount',
          value: '0',
          message: 'Sent Amount is 0, so this row would be read as a deposit: give the amount, or leave Sent Amount and Sent Currency empty if there is none',
        },
      ],
    });
    // A fee of 0, and a 0 beside a label that says what the row is, are no side: nothing is guessed.
    const fine = csv('fine.csv', [HEADER, '2023-01-10 12:00 UTC,,,1,BTC,0,USD,20000,USD,,deposit without fee,', '2023-01-11 12:00 UTC,0,USD,1,ETH,,,2000,USD,staking,,']);
    expect(await importInto(fine)).toMatchObject({ ok: true, added: 2 });
    expect(storedRows(db).map((r) => [r.type, r.sent_amount, r.fee_amount])).toEqual([['deposit', null, null], ['staking', null, null]]);
  });
});

describe('re-imports add nothing', () => {
  it('skips every row of a file imported twice', async () => {
    const path = csv('a.csv', [HEADER, BUY, STAKE, SELL]);
    expect(await importInto(path)).toMatchObject({ ok: true, added: 3, skipped: 0 });
    expect(await importInto(path)).toMatchObject({ ok: true, added: 0, skipped: 3 });
    expect(rowCount(db)).toBe(3);
  });

  it('adds only the new rows of a later export that overlaps an earlier one', async () => {
    await importInto(csv('jan.csv', [HEADER, BUY, STAKE]));
    const result = await importInto(csv('jan-feb.csv', [HEADER, STAKE, BUY, SELL, SEND], '\r\n'));
    expect(result).toMatchObject({ ok: true, added: 2, skipped: 2 });
    expect(storedRows(db).map((r) => r.type)).toEqual(['trade', 'staking', 'trade', 'withdrawal']);
  });

  it('keeps two identical rows of one file as two transactions, once', async () => {
    const path = csv('twice.csv', [HEADER, STAKE, STAKE, BUY]);
    expect(await importInto(path)).toMatchObject({ ok: true, added: 3 });
    expect(await importInto(path)).toMatchObject({ ok: true, added: 0, skipped: 3 });
    const ids = storedRows(db).map((r) => r.external_id);
    expect(new Set(ids).size).toBe(3);
  });

  it('imports the same file into a different account as new history', async () => {
    const path = csv('a.csv', [HEADER, BUY]);
    await importInto(path, 'One');
    expect(await importInto(path, 'Two')).toMatchObject({ ok: true, added: 1 });
  });
});

describe('undo', () => {
  it('removes exactly the batch, keeps its history, and lets the file be imported again', async () => {
    const first = await importInto(csv('a.csv', [HEADER, BUY, STAKE]));
    const second = await importInto(csv('b.csv', [HEADER, SELL, SEND]));
    if (!first.ok || !second.ok || first.batchId === null || second.batchId === null) throw new Error('imports should succeed');
    const secondBatch = second.batchId;
    expect(undoBatch(db, secondBatch)).toEqual({ removed: 2, kept: 0 });
    expect(storedRows(db).map((r) => r.type)).toEqual(['trade', 'staking']);
    // Newest first.
    expect(listBatches(db).map((b) => [b.id, b.undoneAt !== null])).toEqual([[secondBatch, true], [first.batchId, false]]);
    expect(() => undoBatch(db, secondBatch)).toThrow(UndoError);
    expect(() => undoBatch(db, 99)).toThrow(/no import batch 99/);
    expect(await importInto(csv('b.csv', [HEADER, SELL, SEND]))).toMatchObject({ ok: true, added: 2 });
  });
});

describe('large files', () => {
  it('stores the same rows whether the file is parsed on a worker thread or not', async () => {
    const lines = [HEADER];
    for (let i = 0; lines.join('\n').length < 16_000; i += 1) {
      const minute = String(i % 60).padStart(2, '0');
      const hour = String(Math.floor(i / 60) % 24).padStart(2, '0');
      lines.push(`2024-02-${String(1 + Math.floor(i / 1440)).padStart(2, '0')} ${hour}:${minute} UTC,,,${i + 1}.25,ETH,,,${i}.5,USD,staking,row ${i},`);
    }
    const path = csv('many.csv', lines);
    const inThread = await importFile(db, { path, accountName: 'A', format: 'auto', worker: false });
    const onWorker = await importFile(db, { path, accountName: 'B', format: 'auto', worker: true });
    expect(inThread).toMatchObject({ ok: true, added: lines.length - 1 });
    expect(onWorker).toMatchObject({ ok: true, added: lines.length - 1 });
    const rows = storedRows(db);
    const strip = (account: string) => rows.filter((r) => r.account === account).map(({ account: _a, ...rest }) => rest);
    expect(strip('B')).toEqual(strip('A'));
    expect(WORKER_THRESHOLD_BYTES).toBeGreaterThan(16_000); // the default picks the thread by size
  });

  it('reports problems from the worker thread with their lines', async () => {
    const path = csv('bad-worker.csv', [HEADER, BUY, '2024-01-03 10:00 UTC,,,0.01,ETH,,,x,USD,staking,,']);
    const result = await importFile(db, { path, accountName: 'A', format: 'auto', worker: true });
    expect(problemsOf(result)).toEqual([{ line: 3, column: 'Net Worth Amount', value: 'x' }]);
    expect(rowCount(db)).toBe(0);
  });
});
