// Migration exports (Koinly, CoinTracker, CoinLedger): a real ledger with every transaction
// type is written out, the exact bytes are checked, and each file is read back with
// Lotwise's own importer into a fresh ledger under its account's name. The read-back must
// equal the original on every field the tool carries, after exactly the losses each
// export's module comment documents (expectedAfter below spells them out per tool).
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { importFile } from '../../../electron/core/importers/import-file.ts';
import { listAccounts } from '../../../electron/core/ledger/accounts.ts';
import { iterateTransactions } from '../../../electron/core/ledger/transactions.ts';
import { coinledgerExport } from '../../../shared/formats/coinledger-export.ts';
import { cointrackerExport } from '../../../shared/formats/cointracker-export.ts';
import type { ExportAccount, ExportFormat, ExportInput } from '../../../shared/formats/export-format.ts';
import { koinlyUniversalExport } from '../../../shared/formats/koinly-universal-export.ts';
import type { TaxYearResult } from '../../../shared/tax/types.ts';
import type { Transaction, TransactionType } from '../../../shared/transaction.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const TEMPLATE_HEADER = 'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fee Asset,Fee Amount,Fiat Value,Fiat Currency,Description,Tx Hash,ID';

/** One of every type, with fees, values, a transfer out with its hash, and hostile text. */
const COINBASE = [
  TEMPLATE_HEADER,
  '2023-01-03T14:00:05Z,deposit,,,USD,1000,,,1000,USD,ACH deposit,,cb-01',
  '2023-01-03T14:00:09Z,trade,USD,900,BTC,0.05,USD,4.5,900,USD,"Buy BTC, market ""fast"" order",,cb-02',
  '2023-01-04T09:30:00Z,trade,BTC,0.01,ETH,0.1351,BTC,0.0001,169.2,USD,BTC for ETH,,cb-03',
  '2023-02-01T00:00:00Z,staking,,,ETH,0.002,,,3.1,USD,Staking reward,,cb-04',
  '2023-02-01T00:00:00Z,airdrop,,,ENS,12.5,,,150,USD,Same second as the reward,,cb-05',
  '2023-02-02T08:00:00Z,mining,,,BTC,0.0004,,,9.2,USD,,,cb-06',
  '2023-02-03T08:00:00Z,fork,,,ETHW,0.1351,,,0.5,USD,,,cb-07',
  '2023-02-04T08:00:00Z,reward,,,USDC,10,,,10,USD,Referral bonus,,cb-08',
  '2023-02-05T08:00:00Z,interest,,,USDC,0.75,,,0.75,USD,,,cb-09',
  '2023-02-06T08:00:00Z,income,,,USDC,250,,,250,USD,Invoice 42,,cb-10',
  '2023-03-01T12:00:00Z,gift-received,,,ETH,0.05,,,60,USD,From Dad (his basis),,cb-11',
  '2023-03-02T12:00:00Z,gift-sent,ETH,0.01,,,,,16.5,USD,To my sister,,cb-12',
  '2023-03-03T12:00:00Z,donation,ETH,0.01,,,,,16.6,USD,The Giving Block,,cb-13',
  '2023-03-04T12:00:00Z,lost,ENS,2.5,,,,,30,USD,Phished,,cb-14',
  '2023-03-05T12:00:00Z,expense,USDC,25,,,,,25,USD,"=HYPERLINK(""http://evil.example"",""x"")",,cb-15',
  '2023-03-06T12:00:00Z,fee,,,,,ETH,0.001,1.65,USD,Network fee on its own,,cb-16',
  '2023-03-07T12:00:00Z,fee,USDC,2,,,,,2,USD,Subscription fee,,cb-17',
  '2023-03-08T12:00:00Z,fee,ETH,0.002,,,ETH,0.0001,3.5,USD,Fee with a network fee,,cb-18',
  '2023-04-01T12:00:00Z,realized-gain,,,USD,150,,,150,USD,Futures profit,,cb-19',
  '2023-04-02T12:00:00Z,realized-gain,USDC,40,,,,,40,USD,Futures loss,,cb-20',
  '2023-05-01T12:00:00Z,swap,ETHW,0.1351,ETHWPOW,0.1351,,,,,Token migration,,cb-21',
  '2023-05-02T12:00:00Z,liquidity-in,USDC,100,UNI-V2,0.5,,,100,USD,,,cb-22',
  '2023-05-03T12:00:00Z,liquidity-out,UNI-V2,0.5,USDC,101,,,101,USD,,,cb-23',
  '2023-05-04T12:00:00Z,ignored,,,SPAM,1000,,,,,Spam token,,cb-24',
  '2023-06-01T10:00:00Z,withdrawal,BTC,0.03,,,BTC,0.0001,600,USD,To my Ledger,0xabc123,cb-25',
].join('\n');

const LEDGER_NANO = [
  TEMPLATE_HEADER,
  '2023-06-01T10:20:00Z,deposit,,,BTC,0.0299,,,,,From Coinbase,0xabc123,ln-01',
  '2023-06-02T10:00:00Z,withdrawal,BTC,0.01,,,,,,,"Sent to a friend, maybe",,ln-02',
].join('\n');

/** The migration formats read accounts and transactions only, never a tax result. */
const NO_TAX_RESULT = {} as TaxYearResult;

/** A transaction as far as any migration format can carry it. */
interface Carried {
  account: string;
  timestamp: number;
  type: TransactionType;
  sent: string | null;
  received: string | null;
  fee: string | null;
  fiatValue: string | null;
  fiatCurrency: string | null;
  description: string | null;
  txHash: string | null;
}

const leg = (asset: string | null, amount: string | null): string | null => (amount === null ? null : `${amount} ${asset}`);

function carried(transaction: Transaction, accounts: ReadonlyMap<number, ExportAccount>): Carried {
  return {
    account: accounts.get(transaction.accountId)!.name,
    timestamp: transaction.timestamp,
    type: transaction.type,
    sent: leg(transaction.sentAsset, transaction.sentAmount),
    received: leg(transaction.receivedAsset, transaction.receivedAmount),
    fee: leg(transaction.feeAsset, transaction.feeAmount),
    fiatValue: transaction.fiatValue,
    fiatCurrency: transaction.fiatCurrency,
    description: transaction.description,
    txHash: transaction.txHash,
  };
}

/** Text a spreadsheet would run comes back with the apostrophe that neutralised it. */
const neutralised = (text: string | null): string | null => (text !== null && /^[=+\-@]/.test(text) ? `'${text}` : text);

/**
 * What Lotwise reads back from each tool's file, given the original: every field the
 * tool carries is compared, and every documented loss is applied here and nowhere else.
 */
const expectedAfter: Record<'koinly' | 'cointracker' | 'coinledger', (t: Carried) => Carried | null> = {
  // Koinly: every Carried field is compared and carried (account by file, time to the
  // second, type, sent, received, fee, value, currency, description, hash). Losses:
  // gift-received has no Koinly tag (a deposit), a fee with a sent and a fee leg is an
  // expense, a fee sent alone becomes a fee leg, formula-like text keeps its apostrophe.
  koinly(t) {
    const out = { ...t, description: neutralised(t.description), txHash: neutralised(t.txHash) };
    if (t.type === 'gift-received') out.type = 'deposit';
    if (t.type === 'fee' && t.sent !== null && t.fee !== null) out.type = 'expense';
    if (t.type === 'fee' && t.fee === null) [out.fee, out.sent] = [t.sent, null];
    return out;
  },
  // CoinTracker: account, time, type, sent, received and fee are compared; value,
  // currency, description and hash are not carried (null). Losses: the shared tags.
  cointracker(t) {
    const renamed: Partial<Record<TransactionType, TransactionType>> = {
      reward: 'income',
      expense: 'withdrawal',
      fee: 'withdrawal',
      'liquidity-in': 'trade',
      'liquidity-out': 'trade',
    };
    if (t.type === 'ignored') return null;
    const out = { ...t, type: renamed[t.type] ?? t.type, fiatValue: null, fiatCurrency: null, description: null, txHash: null };
    if (t.type === 'fee' && t.sent === null) [out.sent, out.fee] = [t.fee, null];
    return out;
  },
  // CoinLedger: account, time, type, sent, received, fee, description and hash are
  // compared; value and currency are not carried (null). Losses: the shared types.
  coinledger(t) {
    const renamed: Partial<Record<TransactionType, TransactionType>> = {
      reward: 'income',
      fee: 'expense',
      swap: 'trade',
      'liquidity-in': 'trade',
      'liquidity-out': 'trade',
    };
    if (t.type === 'ignored') return null;
    const out = {
      ...t,
      type: renamed[t.type] ?? t.type,
      fiatValue: null,
      fiatCurrency: null,
      description: neutralised(t.description),
      txHash: neutralised(t.txHash),
    };
    if (t.type === 'realized-gain') out.type = t.received !== null ? 'income' : 'expense';
    if (t.type === 'fee' && t.sent === null) [out.sent, out.fee] = [t.fee, null];
    return out;
  },
};

let dir: TempDir;
let db: Database;
let input: ExportInput;

function readInput(ledger: Database): ExportInput {
  const accounts = new Map<number, ExportAccount>();
  for (const account of listAccounts(ledger)) accounts.set(account.id, { id: account.id, name: account.name, issues1099DA: false });
  return {
    taxYear: 2023,
    timeZone: 'UTC',
    reportCurrency: 'USD',
    result: NO_TAX_RESULT,
    accounts,
    transactions: [...iterateTransactions(ledger)],
  };
}

beforeEach(async () => {
  dir = tempDir();
  db = (await tempLedger(dir, 'original.db')).db;
  for (const [name, text] of [
    ['Coinbase', COINBASE],
    ['Ledger Nano', LEDGER_NANO],
  ] as const) {
    const result = await importFile(db, { path: dir.file(`${name}.csv`, text), accountName: name, format: 'lotwise' });
    expect(result.ok).toBe(true);
  }
  input = readInput(db);
});

afterEach(() => {
  db.close();
  dir.remove();
});

/** Writes the files, imports each into a fresh ledger under its account, and compares. */
async function roundTrip(format: ExportFormat, expectedFormat: string): Promise<void> {
  const files = format.write(input);
  const back = (await tempLedger(dir, `${format.id}.db`)).db;
  try {
    // One file per account with transactions, in account id order.
    const accountIds = [...new Set(input.transactions.map((t) => t.accountId))].sort((a, b) => a - b);
    expect(files).toHaveLength(accountIds.length);
    for (const [i, file] of files.entries()) {
      const accountName = input.accounts.get(accountIds[i]!)!.name;
      const result = await importFile(back, { path: dir.file(file.name, file.text), accountName, format: 'auto' });
      expect(result).toMatchObject({ ok: true, format: expectedFormat });
    }
    const original = input.transactions.map((t) => expectedAfter[format.id as keyof typeof expectedAfter](carried(t, input.accounts)));
    const reread = readInput(back);
    expect(reread.transactions.map((t) => carried(t, reread.accounts))).toEqual(original.filter((t) => t !== null));
  } finally {
    back.close();
  }
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** No cell of the file starts a spreadsheet formula. */
function expectNoFormulaCells(text: string): void {
  const cells = (Papa.parse<string[]>(text.trimEnd()).data as string[][]).flat();
  expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
}

describe('Koinly universal export', () => {
  it('writes one file per account with the template header, UTC dates to the second and labels', () => {
    const files = koinlyUniversalExport.write(input);
    expect(files.map((f) => f.name)).toEqual(['koinly-coinbase.csv', 'koinly-ledger-nano.csv']);
    const [coinbase, nano] = files.map((f) => lines(f.text));
    expect(coinbase![0]).toBe(
      'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash',
    );
    expect(coinbase).toHaveLength(1 + 25 + 1); // header, every transaction, final newline
    expect(coinbase).toContain('2023-01-03 14:00:09 UTC,900,USD,0.05,BTC,4.5,USD,900,USD,,"Buy BTC, market ""fast"" order",');
    expect(coinbase).toContain('2023-02-01 00:00:00 UTC,,,0.002,ETH,,,3.1,USD,staking,Staking reward,');
    expect(coinbase).toContain('2023-03-01 12:00:00 UTC,,,0.05,ETH,,,60,USD,,From Dad (his basis),');
    expect(coinbase).toContain('2023-03-05 12:00:00 UTC,25,USDC,,,,,25,USD,cost,"\'=HYPERLINK(""http://evil.example"",""x"")",');
    expect(coinbase).toContain('2023-03-06 12:00:00 UTC,,,,,0.001,ETH,1.65,USD,cost,Network fee on its own,');
    expect(coinbase).toContain('2023-03-07 12:00:00 UTC,,,,,2,USDC,2,USD,cost,Subscription fee,');
    expect(coinbase).toContain('2023-05-01 12:00:00 UTC,0.1351,ETHW,0.1351,ETHWPOW,,,,,swap,Token migration,');
    expect(coinbase).toContain('2023-06-01 10:00:00 UTC,0.03,BTC,,,0.0001,BTC,600,USD,,To my Ledger,0xabc123');
    expect(nano).toEqual([
      'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash',
      '2023-06-01 10:20:00 UTC,,,0.0299,BTC,,,,,,From Coinbase,0xabc123',
      '2023-06-02 10:00:00 UTC,0.01,BTC,,,,,,,,"Sent to a friend, maybe",',
      '',
    ]);
    for (const file of files) expectNoFormulaCells(file.text);
  });

  it('reads back with the same time, type, legs, fee, value, description and hash', async () => {
    await roundTrip(koinlyUniversalExport, 'koinly');
  });

  it('writes the same bytes every run', () => {
    expect(koinlyUniversalExport.write(input)).toEqual(koinlyUniversalExport.write(readInput(db)));
  });
});

describe('CoinTracker export', () => {
  it('writes one file per account with the template header, US dates and tags', () => {
    const files = cointrackerExport.write(input);
    expect(files.map((f) => f.name)).toEqual(['cointracker-coinbase.csv', 'cointracker-ledger-nano.csv']);
    const coinbase = lines(files[0]!.text);
    expect(coinbase[0]).toBe('Date,Received Quantity,Received Currency,Sent Quantity,Sent Currency,Fee Amount,Fee Currency,Tag');
    expect(coinbase).toHaveLength(1 + 24 + 1); // the ignored transaction is left out
    expect(coinbase).toContain('01/03/2023 14:00:09,0.05,BTC,900,USD,4.5,USD,');
    expect(coinbase).toContain('02/02/2023 08:00:00,0.0004,BTC,,,,,mined');
    expect(coinbase).toContain('02/04/2023 08:00:00,10,USDC,,,,,other income');
    expect(coinbase).toContain('03/01/2023 12:00:00,0.05,ETH,,,,,gift');
    expect(coinbase).toContain('03/06/2023 12:00:00,,,0.001,ETH,,,');
    expect(coinbase).toContain('04/02/2023 12:00:00,,,40,USDC,,,margin loss');
    expect(coinbase).toContain('05/01/2023 12:00:00,0.1351,ETHWPOW,0.1351,ETHW,,,wrap');
    // A send's quantity includes its fee, as CoinTracker asks: 0.03 BTC sent, 0.0001 the fee.
    expect(coinbase).toContain('06/01/2023 10:00:00,,,0.0301,BTC,0.0001,BTC,');
    expect(coinbase.some((line) => line.includes('SPAM'))).toBe(false);
    for (const file of files) expectNoFormulaCells(file.text);
  });

  it('reads back with the same time and legs; value, description and hash are not carried', async () => {
    await roundTrip(cointrackerExport, 'cointracker');
  });

  it('writes the same bytes every run', () => {
    expect(cointrackerExport.write(input)).toEqual(cointrackerExport.write(readInput(db)));
  });
});

describe('CoinLedger export', () => {
  it('writes one file per account with the exact template header, the account as Platform and types', () => {
    const files = coinledgerExport.write(input);
    expect(files.map((f) => f.name)).toEqual(['coinledger-coinbase.csv', 'coinledger-ledger-nano.csv']);
    const [coinbase, nano] = files.map((f) => lines(f.text));
    expect(coinbase![0]).toBe(
      'Date (UTC),Platform (Optional),Asset Sent,Amount Sent,Asset Received,Amount Received,Fee Currency (Optional),Fee Amount (Optional),Type,Description (Optional),TxHash (Optional)',
    );
    expect(coinbase).toHaveLength(1 + 24 + 1);
    expect(coinbase).toContain('01/03/2023 14:00:09,Coinbase,USD,900,BTC,0.05,USD,4.5,Trade,"Buy BTC, market ""fast"" order",');
    expect(coinbase).toContain('02/03/2023 08:00:00,Coinbase,,,ETHW,0.1351,,,Hard Fork,,');
    expect(coinbase).toContain('03/04/2023 12:00:00,Coinbase,ENS,2.5,,,,,Theft Loss,Phished,');
    expect(coinbase).toContain('03/05/2023 12:00:00,Coinbase,USDC,25,,,,,Merchant Payment,"\'=HYPERLINK(""http://evil.example"",""x"")",');
    expect(coinbase).toContain('03/06/2023 12:00:00,Coinbase,ETH,0.001,,,,,Merchant Payment,Network fee on its own,');
    expect(coinbase).toContain('04/01/2023 12:00:00,Coinbase,,,USD,150,,,Income,Futures profit,');
    expect(nano).toContain('06/01/2023 10:20:00,Ledger Nano,,,BTC,0.0299,,,Deposit,From Coinbase,0xabc123');
    for (const file of files) expectNoFormulaCells(file.text);
  });

  it('reads back with the same time, legs, description and hash; the value is not carried', async () => {
    await roundTrip(coinledgerExport, 'coinledger');
  });

  it('writes the same bytes every run', () => {
    expect(coinledgerExport.write(input)).toEqual(coinledgerExport.write(readInput(db)));
  });
});

describe('file names and account text', () => {
  const at = Date.parse('2024-01-02T03:04:05.678Z');
  const transaction = (id: number, accountId: number): Transaction => ({
    id,
    accountId,
    batchId: null,
    source: 'manual',
    externalId: `m:${id}`,
    timestamp: at,
    type: 'deposit',
    sentAsset: null,
    sentAmount: null,
    receivedAsset: 'BTC',
    receivedAmount: '1',
    feeAsset: null,
    feeAmount: null,
    fiatValue: null,
    fiatCurrency: null,
    label: null,
    description: null,
    txHash: null,
    raw: null,
  });
  const names = ['Coinbase', 'coinbase!', 'Café Wallet', '=cmd', 'Empty', '***'];
  const synthetic: ExportInput = {
    taxYear: 2024,
    timeZone: 'UTC',
    reportCurrency: 'USD',
    result: NO_TAX_RESULT,
    accounts: new Map(names.map((name, i) => [i + 1, { id: i + 1, name, issues1099DA: false }])),
    // Account 5 has no transactions, so it gets no file.
    transactions: [1, 2, 3, 4, 6].map((accountId) => transaction(accountId, accountId)),
  };

  it('slugs account names, keeps them unique and writes no file for an account without transactions', () => {
    expect(koinlyUniversalExport.write(synthetic).map((f) => f.name)).toEqual([
      'koinly-coinbase.csv',
      'koinly-coinbase-2.csv',
      'koinly-cafe-wallet.csv',
      'koinly-cmd.csv',
      'koinly-account.csv',
    ]);
  });

  it('neutralises an account name used as CoinLedger Platform, and drops milliseconds from dates', () => {
    const file = coinledgerExport.write(synthetic).find((f) => f.name === 'coinledger-cmd.csv')!;
    expect(lines(file.text)[1]).toBe("01/02/2024 03:04:05,'=cmd,,,BTC,1,,,Deposit,,");
    expect(lines(koinlyUniversalExport.write(synthetic)[0]!.text)[1]).toBe('2024-01-02 03:04:05 UTC,,,1,BTC,,,,,,,');
  });
});
