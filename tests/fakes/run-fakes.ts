// `npm run fake-exchange [-- --exchange binance|coinbase|kraken] [--port N] [--trades N]`:
// serves the fake exchanges on 127.0.0.1 for trying the sync by hand, and prints how to
// point an account at one. The keys printed are the fakes' own test keys, not real ones.
import { parseArgs } from 'node:util';
import { createFakeBinance } from './binance/fake-binance.ts';
import { createFakeCoinbase } from './coinbase/fake-coinbase.ts';
import { createFakeKraken } from './kraken/fake-kraken.ts';
import { createFakeOhlcv } from './ohlcv/fake-ohlcv-exchanges.ts';

const { values } = parseArgs({
  options: {
    exchange: { type: 'string', multiple: true },
    port: { type: 'string', default: '18081' },
    trades: { type: 'string', default: '2000' },
    // Binance's other streams (deposits, withdrawals, converts, dividends) scale with the
    // trades unless set: the sync benchmark keeps them small to time the trades.
    other: { type: 'string' },
  },
});
const trades = Number(values.trades);
const other = values.other === undefined ? {} : { deposits: Number(values.other), withdrawals: Number(values.other), converts: Number(values.other), dividends: Number(values.other) };
const wanted = values.exchange ?? ['binance', 'coinbase', 'kraken', 'ohlcv'];
const fakes = {
  binance: () => createFakeBinance({ history: { trades, ...other } }),
  coinbase: () => createFakeCoinbase(),
  kraken: () => createFakeKraken({ history: { trades } }),
  // Public market data only (no key): candles for `lotwise prices fill --api-url`. Its
  // clock stands at 2026-06-30 so the candles are the same on every run.
  ohlcv: () => createFakeOhlcv({ now: () => Date.UTC(2026, 5, 30, 12) }),
} as const;

let port = Number(values.port);
for (const id of wanted) {
  if (!(id in fakes)) {
    console.error(`fake-exchange: no fake for "${id}" (binance, coinbase, kraken)`);
    process.exit(2);
  }
  const fake = fakes[id as keyof typeof fakes]();
  const base = await fake.start(port);
  if (port !== 0) port += 1;
  if (!('credentials' in fake)) {
    console.log(`\n${id}: ${base}`);
    console.log(`  npx lotwise prices fill --api-url ${base} --db fake.db`);
    continue;
  }
  const { apiKey, secret } = fake.credentials;
  console.log(`\n${id}: ${base}`);
  console.log(`  LOTWISE_API_KEY='${apiKey}' \\`);
  console.log(`  LOTWISE_API_SECRET='${secret.replace(/\n/g, '\\n')}' \\`);
  console.log(`  npx lotwise account add --exchange ${id} --name "Fake ${id}" --api-url ${base} --db fake.db`);
}
console.log('\nThen: npx lotwise sync --db fake.db --no-rate-limit   (Ctrl+C here stops the fakes)');
// A line a parent process can wait for (the sync benchmark does).
console.log('ready');
