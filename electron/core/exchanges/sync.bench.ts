// Benchmark (not a test): `npm run bench:sync [-- --trades N --runs R]`.
// Serves N (default 100,000) Binance trades from the fake Binance in its own process on
// loopback, then syncs them into a fresh ledger R times (default 3), each sync in its own
// process with ccxt's rate limiting off, so peak RSS is the sync's alone. Prints trades/s
// over the trades stream, records/s over the whole sync, and peak RSS; then the medians.
// Target on the 2-core reference machine: >= 5,000 trades/s, RSS <= 500 MB.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openLedger } from '../db/open-ledger.ts';
import { PassphraseVault } from '../secrets/passphrase-vault.ts';
import { addExchangeAccount, syncExchangeAccount } from './exchange-accounts.ts';

const self = fileURLToPath(import.meta.url);
const root = resolve(self, '../../../..');
const { values } = parseArgs({
  options: {
    trades: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
    key: { type: 'string' },
    secret: { type: 'string' },
  },
});

if (values.child !== undefined) {
  // One sync, in its own process: --child BASE_URL.
  const dir = mkdtempSync(join(tmpdir(), 'lotwise-sync-bench-'));
  const db = await openLedger(join(dir, 'ledger.db'));
  const vault = await PassphraseVault.open(join(dir, 'vault.json'), 'benchmark');
  const { account } = await addExchangeAccount(db, vault, {
    exchangeId: 'binance',
    name: 'Bench',
    credentials: { apiKey: values.key!, secret: values.secret! },
    apiUrl: values.child,
    clientOptions: { rateLimit: false },
  });
  let tradesStarted = 0;
  let tradesRead = 0;
  const started = performance.now();
  const outcome = await syncExchangeAccount(db, vault, account, {
    clientOptions: { rateLimit: false },
    onProgress: (p) => {
      if (p.stream === 'trades') {
        if (tradesStarted === 0) tradesStarted = performance.now();
        tradesRead = p.streamRecords;
      }
    },
  });
  const finished = performance.now();
  db.close();
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  if (outcome.status !== 'complete') throw new Error(`sync ${outcome.status}: ${outcome.message}`);
  console.log(
    JSON.stringify({
      records: outcome.added,
      trades: tradesRead,
      seconds: (finished - started) / 1000,
      tradeSeconds: (finished - tradesStarted) / 1000,
      maxRssKb: process.resourceUsage().maxRSS,
    }),
  );
  process.exit(0);
}

const trades = Number(values.trades);
const runs = Number(values.runs);
const fake = await startFake(trades);
try {
  const results: { tradeRate: number; rate: number; rssMb: number }[] = [];
  for (let run = 1; run <= runs; run += 1) {
    // With this process's Node flags: on Node 22.12–22.17 they are what lets the child run TypeScript.
    const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', fake.base, '--key', fake.key, '--secret', fake.secret], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    const f = JSON.parse(child.stdout.trim().split('\n').pop()!) as { records: number; trades: number; seconds: number; tradeSeconds: number; maxRssKb: number };
    const result = { tradeRate: f.trades / f.tradeSeconds, rate: f.records / f.seconds, rssMb: f.maxRssKb / 1024 };
    results.push(result);
    console.log(
      `run ${run}: ${f.trades.toLocaleString('en-US')} trades in ${f.tradeSeconds.toFixed(2)} s = ${Math.round(result.tradeRate).toLocaleString('en-US')} trades/s; ` +
        `${f.records.toLocaleString('en-US')} records in ${f.seconds.toFixed(2)} s; peak RSS ${result.rssMb.toFixed(0)} MB`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `median: ${Math.round(median(results.map((r) => r.tradeRate))).toLocaleString('en-US')} trades/s, ` +
      `${Math.round(median(results.map((r) => r.rate))).toLocaleString('en-US')} records/s, peak RSS ${median(results.map((r) => r.rssMb)).toFixed(0)} MB ` +
      '(target >= 5,000 trades/s, <= 500 MB)',
  );
} finally {
  fake.process.kill();
}

/** The fake Binance in its own process, so its memory is not the sync's. */
async function startFake(count: number): Promise<{ base: string; key: string; secret: string; process: ChildProcess }> {
  // With this process's Node flags: on Node 22.12–22.17 they are what lets the child run TypeScript.
  const child = spawn(process.execPath, [...process.execArgv, join(root, 'tests/fakes/run-fakes.ts'), '--exchange', 'binance', '--port', '0', '--trades', String(count), '--other', '50'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolveReady, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\nready')) resolveReady();
    });
    child.on('exit', (code) => reject(new Error(`the fake Binance exited (${code})`)));
  });
  const base = /binance: (http:\/\/\S+)/.exec(output)![1]!;
  const key = /LOTWISE_API_KEY='([^']+)'/.exec(output)![1]!;
  const secret = /LOTWISE_API_SECRET='([^']+)'/.exec(output)![1]!;
  return { base, key, secret, process: child };
}
