// Where prices come from, and the settings that choose among them. In order: the record's
// own value (its fiat leg or value column); a price the user entered; a stablecoin's peg,
// unless market data shows it off its peg; and candles from exchanges' public market data
// (no keys), on an ordered list of exchanges, through a stablecoin or BTC/ETH when an
// asset has no direct dollar market.
import { Decimal } from '../../../shared/money.ts';

/** Coins meant to be worth one US dollar. */
export const DOLLAR_STABLECOINS: ReadonlySet<string> = new Set([
  'USDT', 'USDC', 'DAI', 'BUSD', 'TUSD', 'USDP', 'GUSD', 'FDUSD', 'PYUSD', 'USDD', 'LUSD', 'FRAX',
]);

/** A stablecoin more than this far from its peg is priced from the market instead. */
export const DEPEG_TOLERANCE = new Decimal('0.02');

export const DEFAULT_PRICE_EXCHANGES: readonly string[] = ['binance', 'kraken'];

/** Quotes tried for a direct price, best first: the currency itself, then stablecoins. */
export function directQuotes(reportCurrency: string): string[] {
  return reportCurrency === 'USD' ? ['USD', 'USDT', 'USDC', 'FDUSD', 'BUSD', 'DAI'] : [reportCurrency];
}

/** Assets an indirect price goes through: ASSET/BTC × BTC/USD. */
export const BRIDGE_ASSETS: readonly string[] = ['BTC', 'ETH'];

export type Granularity = '1m' | '1h' | '1d';
export const GRANULARITY_MS: Readonly<Record<Granularity, number>> = { '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 };

/**
 * Daily candles by default: one request covers up to 1000 days of an asset, so a whole
 * history is priced in a few requests a market. Finer candles (--granularity 1h or 1m)
 * track the price within the day more closely at many more requests.
 */
export const DEFAULT_GRANULARITY: Granularity = '1d';

export function isGranularity(value: string): value is Granularity {
  return value === '1m' || value === '1h' || value === '1d';
}
