// Benchmark (not a test): `npm run bench:prices [-- --trades N]`.
// Values N (default 100,000) crypto-to-crypto trades over 2021–2025 in 50 assets against
// the fake Binance and Kraken market data (in its own process on loopback), once with an
// empty cache (cold) and once more (warm), printing requests made and seconds for each.
// Targets: warm <= 3 s; cold requests <= 2 × (distinct asset-days / candles per request).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openLedger } from '../db/open-ledger.ts';
import { createAccount } from '../ledger/accounts.ts';
import { encodeDraft, transactionWriter, type DraftValue } from '../ledger/transactions.ts';
import { emptyDraft } from '../../../shared/transaction.ts';
import { BINANCE_OHLCV_MARKETS, KRAKEN_OHLCV_MARKETS } from '../../../tests/fakes/ohlcv/ohlcv-markets.ts';
import { fillPrices } from './fill-prices.ts';
import { SeededRandom } from '../../../tests/fakes/seeded-random.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const { values } = parseArgs({ options: { trades: { type: 'string', default: '100000' } } });
const count = Number(values.trades);
const DAY = 86_400_000;
const FROM = Date.UTC(2021, 0, 1);
const TO = Date.UTC(2026, 0, 1);
const CANDLES_PER_REQUEST = 1000;
// The fake's clock stands at 2026-06-30; Kraken keeps its latest 720 daily candles.
const KRAKEN_WINDOW_START = Date.UTC(2026, 5, 30) - 719 * DAY;

// Every asset the fake market data can price (46 of the model's 50: three are listed
// nowhere, one only in a pair with another): its Binance markets, its Kraken-only dollar
// markets within Kraken's 720 days, and the stablecoins. Each is traded only while its
// market has candles, so every trade can be priced and a warm run has nothing to ask.
const candidates = [
  ...BINANCE_OHLCV_MARKETS.filter((m) => ['USDT', 'BTC', 'USDC'].includes(m.quote)),
  ...KRAKEN_OHLCV_MARKETS.filter((m) => m.quote === 'USD').map((m) => ({ ...m, listed: Math.max(m.listed, KRAKEN_WINDOW_START) })),
];
const assets = [...new Map(candidates.map((m) => [m.base, m] as const)).values()].slice(0, 50);

const fake = await startFake();
const dir = mkdtempSync(join(tmpdir(), 'lotwise-prices-bench-'));
try {
  const db = await openLedger(join(dir, 'ledger.db'));
  const accountId = createAccount(db, { name: 'Bench', kind: 'wallet' }).id;
  const writer = transactionWriter(db, { accountId, source: 'manual', batchId: null });
  const assetDays = new Set<string>();
  const generator = new SeededRandom(7);
  const random = () => generator.next();
  const values: DraftValue[] = [];
  for (let i = 0; i < count; i += 1) {
    const market = assets[Math.floor(random() * assets.length)]!;
    const from = Math.max(FROM, market.listed + DAY);
    const to = Math.min(TO, market.delisted ?? TO) - DAY;
    let time = Math.floor(from + random() * (to - from));
    // Stay out of a market's gaps: the benchmark measures pricing, not missing prices.
    for (const [gapFrom, gapTo] of market.gaps) if (time >= gapFrom - DAY && time < gapTo + DAY) time = gapTo + DAY;
    const draft = emptyDraft(time, 'trade', `bench:${i}`, null);
    Object.assign(draft, { sentAsset: 'DOGE', sentAmount: '10', receivedAsset: market.base, receivedAmount: '1.25' });
    encodeDraft(draft, values);
    assetDays.add(`${market.base}:${Math.floor(time / DAY)}`);
  }
  db.transaction(() => writer.write(values))();
  const bound = 2 * (assetDays.size / CANDLES_PER_REQUEST);
  console.log(`${count.toLocaleString('en-US')} trades, ${assets.length} assets, ${assetDays.size.toLocaleString('en-US')} distinct asset-days (target: cold requests <= ${bound.toFixed(0)})`);

  for (const run of ['cold', 'warm'] as const) {
    const started = performance.now();
    const outcome = await fillPrices(db, { apiUrl: fake.base, rateLimit: false, exchanges: ['binance', 'kraken'] });
    const seconds = (performance.now() - started) / 1000;
    console.log(`${run}: ${seconds.toFixed(2)} s, ${outcome.requests} requests, ${outcome.valued.toLocaleString('en-US')} valued, ${outcome.missing.length} without a price`);
  }
  console.log('targets: warm <= 3 s; cold requests <= 2 × asset-days / candles per request');
  db.close();
} finally {
  fake.process.kill();
  rmSync(dir, { recursive: true, force: true });
}

async function startFake(): Promise<{ base: string; process: ChildProcess }> {
  // With this process's Node flags: on Node 22.12–22.17 they are what lets the child run TypeScript.
  const child = spawn(process.execPath, [...process.execArgv, join(root, 'tests/fakes/run-fakes.ts'), '--exchange', 'ohlcv', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\nready')) ready();
    });
    child.on('exit', (code) => fail(new Error(`the fake market data exited (${code})`)));
  });
  return { base: /ohlcv: (http:\/\/\S+)/.exec(output)![1]!, process: child };
}
