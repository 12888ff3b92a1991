// Reads candles for one market and time range from an exchange's public market data
// through ccxt's fetchOHLCV, page by page. ccxt gives prices as floats; they are written
// back as ccxt's shortest exact decimal text, which is the exchange's own text for prices
// with up to 15 significant digits.
import type { ExchangeClient } from '../exchanges/exchange-client.ts';
import type { ExchangeCall } from '../exchanges/sync-stream.ts';
import { answerList } from '../exchanges/strategies/answer-shape.ts';
import type { Candle } from './candle-cache.ts';
import { GRANULARITY_MS, type Granularity } from './price-sources.ts';

const PAGE = 1000;

/**
 * Candles opening in range, complete ones only: exchanges also serve the interval still
 * under way, whose close is not final yet, and it must not be cached as if it were.
 */
export async function fetchCandles(
  client: ExchangeClient,
  symbol: string,
  granularity: Granularity,
  range: [number, number],
  call: ExchangeCall,
  now: number = Date.now(),
): Promise<Candle[]> {
  const step = GRANULARITY_MS[granularity];
  const candles: Candle[] = [];
  let since = range[0];
  while (since <= range[1]) {
    const page = await call(async () => answerList<number[]>(client.id, await client.fetchOHLCV(symbol, granularity, since, PAGE), `candles of ${symbol}`));
    let newest = -1;
    for (const row of page) {
      const [openTime, open, , , close] = row;
      if (typeof openTime !== 'number' || typeof open !== 'number' || typeof close !== 'number') continue;
      newest = Math.max(newest, openTime);
      if (openTime >= range[0] && openTime <= range[1] && openTime + step <= now) {
        candles.push({ openTime, open: client.numberToString(open), close: client.numberToString(close) });
      }
    }
    // Stop when nothing came from `since` on, or a short page says the exchange has no
    // more (it may also answer only newer candles than asked: Kraken keeps just its latest
    // 720 of each interval, so older dates are simply not there).
    if (newest < since || page.length < PAGE) break;
    since = newest + step;
  }
  return candles;
}
