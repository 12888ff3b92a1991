// Benchmark (not a test): `npm run bench:import [-- --rows N --runs R]`.
// Writes a Koinly universal file of N rows (default 1,000,000) under .bench/, then imports
// it into a fresh ledger R times (default 3), each run in its own process so peak RSS is
// that import's alone. Prints rows/s and peak RSS per run, and the medians.
// Target on the 2-core reference machine: >= 150,000 rows/s, peak RSS <= 1 GB.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openLedger } from '../db/open-ledger.ts';
import { importFile } from './import-file.ts';

const self = fileURLToPath(import.meta.url);
const benchDir = resolve(self, '../../../../.bench');

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
    db: { type: 'string' },
  },
});

if (values.child !== undefined) {
  const db = await openLedger(values.db!);
  const started = performance.now();
  const result = await importFile(db, { path: values.child, accountName: 'Bench', format: 'koinly' });
  const seconds = (performance.now() - started) / 1000;
  db.close();
  if (!result.ok) throw new Error(`bench import failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
  console.log(JSON.stringify({ rows: result.added, seconds, maxRssKb: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const rows = Number(values.rows);
const runs = Number(values.runs);
mkdirSync(benchDir, { recursive: true });
const file = join(benchDir, `koinly-${rows}.csv`);
if (!existsSync(file)) await writeKoinlyFile(file, rows);
console.log(`File: ${file} (${rows.toLocaleString('en-US')} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB)`);

const results: { rate: number; rssMb: number; seconds: number }[] = [];
for (let run = 1; run <= runs; run += 1) {
  const db = join(benchDir, `import-bench-${run}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  // With this process's Node flags: on Node 22.12–22.17 they are what lets the child run TypeScript.
  const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', file, '--db', db], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  const figures = JSON.parse(child.stdout.trim().split('\n').pop()!) as { rows: number; seconds: number; maxRssKb: number };
  const rate = figures.rows / figures.seconds;
  const rssMb = figures.maxRssKb / 1024;
  results.push({ rate, rssMb, seconds: figures.seconds });
  console.log(`run ${run}: ${figures.seconds.toFixed(2)} s, ${Math.round(rate).toLocaleString('en-US')} rows/s, peak RSS ${rssMb.toFixed(0)} MB`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `median: ${median(results.map((r) => r.seconds)).toFixed(2)} s, ` +
    `${Math.round(median(results.map((r) => r.rate))).toLocaleString('en-US')} rows/s, ` +
    `peak RSS ${median(results.map((r) => r.rssMb)).toFixed(0)} MB ` +
    '(target >= 150,000 rows/s, <= 1024 MB)',
);

/** A deterministic history: buys, sells, crypto-to-crypto, staking, transfers, fees. */
async function writeKoinlyFile(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash\n');
  const assets = ['BTC', 'ETH', 'SOL', 'ADA', 'DOT', 'LINK', 'MATIC', 'AVAX', 'ATOM', 'XRP'];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const start = Date.UTC(2020, 0, 1);
  let lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const date = new Date(start + i * 60_000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    const asset = assets[Math.floor(random() * assets.length)]!;
    const other = assets[Math.floor(random() * assets.length)]!;
    const qty = (random() * 10).toFixed(8);
    const usd = (random() * 5000).toFixed(2);
    const kind = i % 5;
    if (kind === 0) lines.push(`${date},${usd},USD,${qty},${asset},1.50,USD,${usd},USD,,buy ${i},`);
    else if (kind === 1) lines.push(`${date},${qty},${asset},${usd},USD,0.75,USD,${usd},USD,,sell ${i},`);
    else if (kind === 2) lines.push(`${date},${qty},${asset},${(random() * 10).toFixed(8)},${other},0.0001,${asset},${usd},USD,,,`);
    else if (kind === 3) lines.push(`${date},,,${qty},${asset},,,${usd},USD,staking,,`);
    else lines.push(`${date},${qty},${asset},,,0.0005,${asset},,,,"transfer, to wallet",0x${i.toString(16).padStart(64, '0')}`);
    if (lines.length === 10_000) {
      await write(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length > 0) await write(lines.join('\n') + '\n');
  await new Promise<void>((r) => out.end(() => r()));
}
