// Benchmark of the transaction list (transactions.page) at 1,000,000 transactions: the
// ledger tax.bench.ts generates (50 assets, 5 accounts, 2021-2025), written into a real
// ledger file once and kept under .bench/ for later runs, with a review problem stored
// for every 500th transaction (as a review computation leaves them). Each query runs
// several times; the median is printed, with the page's total.
//
//   npm run bench:page -- [--size 1000000] [--runs 7] [--fresh]
//
// The renderer's virtualized table asks for the first page on open, then pages as it
// scrolls: the first page is the figure that matters (target: well under 300 ms).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openLedger, type Database } from '../db/open-ledger.ts';
import { generateLedger } from '../reports/tax.bench.ts';
import { createAccount } from './accounts.ts';
import { transactionFacets, transactionPage, type PageRequest } from './transaction-page.ts';
import { encodeDraft, transactionWriter, type DraftValue } from './transactions.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '7' }, fresh: { type: 'boolean' } } });
const size = Number(values.size);
const runs = Number(values.runs);
const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const path = join(root, '.bench', `transactions-page-${size}.db`);

async function buildLedger(): Promise<Database> {
  if (values.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  if (existsSync(path)) return openLedger(path);
  mkdirSync(join(root, '.bench'), { recursive: true });
  const started = performance.now();
  const transactions = generateLedger(size);
  const db = await openLedger(path);
  db.transaction(() => {
    const accounts = new Map<number, number>();
    for (let i = 1; i <= 5; i++) accounts.set(i, createAccount(db, { name: `Account ${i}`, kind: 'exchange', exchange: 'binance' }).id);
    const writers = new Map([...accounts].map(([bench, id]) => [bench, transactionWriter(db, { accountId: id, source: 'api', batchId: null })] as const));
    // Written per account in chunks, as imports and syncs write them.
    const pending = new Map<number, DraftValue[]>([...accounts.keys()].map((bench) => [bench, []]));
    const flush = (bench: number) => {
      writers.get(bench)!.write(pending.get(bench)!);
      pending.set(bench, []);
    };
    for (const transaction of transactions) {
      const values = pending.get(transaction.accountId)!;
      encodeDraft(transaction, values);
      if (values.length >= 6400 * 15) flush(transaction.accountId);
    }
    for (const bench of accounts.keys()) flush(bench);
    const insert = db.prepare("INSERT INTO review_problems (key, kind, transaction_id, year) VALUES (?, 'missing-price', ?, 2025)");
    for (let id = 500; id <= size; id += 500) insert.run(`missing-price:${id}:-`, id);
  })();
  console.log(`wrote ${size.toLocaleString('en-US')} transactions to ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return db;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(label: string, run: () => { total?: number }): void {
  const times: number[] = [];
  let total: number | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    total = run().total;
    times.push(performance.now() - started);
  }
  console.log(`${label.padEnd(44)} ${median(times).toFixed(1).padStart(9)} ms   ${total === undefined ? '' : `total ${total.toLocaleString('en-US')}`}`);
}

const db = await buildLedger();
const rows = db.prepare('SELECT COUNT(*) FROM transactions').pluck().get() as number;
const month = { from: Date.UTC(2024, 2, 1), to: Date.UTC(2024, 3, 1) };
const page = (request: Omit<PageRequest, 'limit'> & { limit?: number }) => () => transactionPage(db, { limit: 100, ...request });
console.log(`transactions.page over ${rows.toLocaleString('en-US')} transactions: median of ${runs} runs, 100 rows a page`);
measure('first page (time order)', page({ offset: 0 }));
measure('first page, newest first', page({ offset: 0, sort: { key: 'timestamp', direction: 'desc' } }));
measure('page at offset 500,000', page({ offset: 500_000 }));
measure(`page at offset ${(rows - 100).toLocaleString('en-US')} (the end)`, page({ offset: rows - 100 }));
measure('first page, one account (of 5)', page({ offset: 0, filter: { account: 'Account 3' } }));
measure('first page, one asset (of 50)', page({ offset: 0, filter: { asset: 'TK07' } }));
measure('first page, one month', page({ offset: 0, filter: month }));
measure('first page, one account in one month', page({ offset: 0, filter: { account: 'Account 3', ...month } }));
measure('first page, with a problem (1 in 500)', page({ offset: 0, filter: { hasProblem: true } }));
measure('first page, type withdrawal', page({ offset: 0, filter: { type: 'withdrawal' } }));
measure('first page, search "TK42"', page({ offset: 0, filter: { search: 'TK42' } }));
measure('first page, by sent amount, largest first', page({ offset: 0, sort: { key: 'sentAmount', direction: 'desc' } }));
measure('first page, by account', page({ offset: 0, sort: { key: 'account', direction: 'asc' } }));
const facetsStarted = performance.now();
transactionFacets(db);
console.log(`${'facets, first time (one scan)'.padEnd(44)} ${(performance.now() - facetsStarted).toFixed(1).padStart(9)} ms`);
measure('facets, again (nothing changed)', () => (transactionFacets(db), {}));
db.close();
