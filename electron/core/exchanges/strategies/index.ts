// Which strategy syncs which exchange: one line per exchange with a strategy of its own;
// every other ccxt exchange uses the generic one.
import { binanceStrategy } from './binance.ts';
import { coinbaseStrategy } from './coinbase.ts';
import { genericStrategy } from './generic.ts';
import { krakenStrategy } from './kraken.ts';
import type { SyncStrategy } from './sync-strategy.ts';

const STRATEGIES: Readonly<Record<string, SyncStrategy>> = {
  binance: binanceStrategy,
  coinbase: coinbaseStrategy,
  kraken: krakenStrategy,
};

export function strategyFor(exchangeId: string): SyncStrategy {
  return STRATEGIES[exchangeId] ?? genericStrategy;
}
