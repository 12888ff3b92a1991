// What the fake OHLCV exchanges list, and the situations that listing creates for a price
// service: Binance spot quotes most assets in USDT, some only in BTC (their dollar value
// needs XYZ/BTC × BTC/USDT) and one only in USDC, and has no USD market at all; Kraken
// quotes a few assets in USD directly, two of them listed nowhere else, and keeps only its
// latest 720 candles of any interval. Some assets are listed nowhere (missing prices), some
// markets open years into the model (no candles before), one closes, one has a gap.
// Every market carries its tick (price decimals), as the exchange writes its prices.
import { MODEL_ASSETS, MODEL_END, MODEL_START, USDC_MARCH_2023, type ModelMarket } from './price-model.ts';

export type OhlcvExchangeId = 'binance' | 'kraken';

export interface OhlcvMarket extends ModelMarket {
  exchange: OhlcvExchangeId;
  /** The exchange's market id: `ETHBTC`, `XETHXXBT`. */
  id: string;
  /** ccxt's unified symbol: `ETH/BTC`. */
  symbol: string;
  /** The exchange's own asset codes: `ETH`/`BTC` on Binance, `XETH`/`XXBT` on Kraken. */
  baseId: string;
  quoteId: string;
  /** Kraken's altname (`ETHXBT`) and wsname (`ETH/XBT`); Binance: the id and symbol. */
  altname: string;
  wsname: string;
  /** First day with candles, and the day they stop (null: still trading). */
  listed: number;
  delisted: number | null;
  /** Whole days without candles: [from, to). */
  gaps: readonly (readonly [number, number])[];
}

export function utc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

interface MarketOptions {
  /** YYYY-MM-DD; default: before the model starts. */
  listed?: string;
  delisted?: string;
  gaps?: readonly (readonly [string, string])[];
}

/** Quantity decimals from the asset's typical price: about a cent's worth at most. */
function volumeDecimals(asset: string): number {
  const found = MODEL_ASSETS.find((entry) => entry.code === asset);
  if (!found) throw new Error(`fake OHLCV: no asset ${asset} in the model`);
  const anchors = found.anchors.length > 0 ? found.anchors : [1];
  const typical = Math.exp(anchors.reduce((sum, usd) => sum + Math.log(usd), 0) / anchors.length);
  return Math.min(8, Math.max(0, Math.floor(Math.log10(typical)) + 1));
}

function market(
  exchange: OhlcvExchangeId,
  ids: { id: string; baseId: string; quoteId: string; altname: string; wsname: string },
  base: string,
  quote: string,
  priceDecimals: number,
  dailyVolumeUsd: number,
  options: MarketOptions,
): OhlcvMarket {
  const listed = options.listed === undefined ? MODEL_START : utc(options.listed);
  const delisted = options.delisted === undefined ? null : utc(options.delisted);
  const gaps = (options.gaps ?? []).map(([from, to]) => [utc(from), utc(to)] as const);
  // The spans with candles: listed … delisted, minus the gaps.
  const trading: [number, number][] = [];
  let from = listed;
  for (const [gapFrom, gapTo] of gaps) {
    trading.push([from, gapFrom]);
    from = gapTo;
  }
  trading.push([from, delisted ?? MODEL_END]);
  return {
    exchange,
    ...ids,
    key: `${exchange}:${ids.id}`,
    symbol: `${base}/${quote}`,
    base,
    quote,
    priceDecimals,
    volumeDecimals: volumeDecimals(base),
    dailyVolumeUsd,
    trading,
    listed,
    delisted,
    gaps,
  };
}

const binance = (base: string, quote: string, priceDecimals: number, dailyVolumeUsd: number, options: MarketOptions = {}): OhlcvMarket =>
  market('binance', { id: base + quote, baseId: base, quoteId: quote, altname: base + quote, wsname: `${base}/${quote}` }, base, quote, priceDecimals, dailyVolumeUsd, options);

/** Binance spot: no USD quote; USDT for most, BTC for some, USDC for a few. */
export const BINANCE_OHLCV_MARKETS: readonly OhlcvMarket[] = [
  binance('BTC', 'USDT', 2, 1.5e9),
  binance('ETH', 'USDT', 2, 8e8),
  binance('BNB', 'USDT', 2, 2e8),
  binance('SOL', 'USDT', 2, 3e8, { listed: '2020-08-11' }),
  binance('XRP', 'USDT', 4, 2e8),
  binance('ADA', 'USDT', 4, 1e8),
  binance('DOGE', 'USDT', 5, 1e8, { listed: '2019-07-05' }),
  binance('DOT', 'USDT', 3, 8e7, { listed: '2020-08-18' }),
  binance('LINK', 'USDT', 2, 8e7, { listed: '2019-01-16', gaps: [['2022-06-10', '2022-06-13']] }),
  binance('LTC', 'USDT', 2, 8e7),
  binance('AVAX', 'USDT', 2, 8e7, { listed: '2020-09-22' }),
  binance('MATIC', 'USDT', 4, 6e7, { listed: '2019-04-26', delisted: '2024-09-10' }),
  binance('POL', 'USDT', 4, 4e7, { listed: '2024-09-13' }),
  binance('ATOM', 'USDT', 3, 5e7, { listed: '2019-04-29' }),
  binance('TRX', 'USDT', 5, 5e7),
  binance('UNI', 'USDT', 3, 5e7, { listed: '2020-09-17' }),
  binance('BCH', 'USDT', 1, 5e7, { listed: '2019-11-28' }),
  binance('XLM', 'USDT', 4, 3e7),
  binance('ETC', 'USDT', 2, 4e7),
  binance('FIL', 'USDT', 3, 4e7, { listed: '2020-10-15' }),
  binance('NEAR', 'USDT', 3, 4e7, { listed: '2020-10-14' }),
  binance('ALGO', 'USDT', 4, 3e7, { listed: '2019-06-22' }),
  binance('VET', 'USDT', 5, 2e7),
  binance('ICP', 'USDT', 3, 3e7, { listed: '2021-05-10' }),
  binance('AAVE', 'USDT', 2, 3e7, { listed: '2020-10-15' }),
  binance('EOS', 'USDT', 4, 2e7),
  binance('XTZ', 'USDT', 3, 1e7, { listed: '2019-09-24' }),
  binance('SAND', 'USDT', 4, 3e7, { listed: '2020-08-14' }),
  binance('MANA', 'USDT', 4, 2e7, { listed: '2020-08-06' }),
  binance('AXS', 'USDT', 3, 2e7, { listed: '2020-11-04' }),
  binance('CHZ', 'USDT', 5, 2e7, { listed: '2019-07-02' }),
  binance('GRT', 'USDT', 5, 2e7, { listed: '2020-12-17' }),
  binance('SHIB', 'USDT', 8, 1e8, { listed: '2021-05-10' }),
  binance('APT', 'USDT', 4, 6e7, { listed: '2022-10-19' }),
  binance('ARB', 'USDT', 4, 8e7, { listed: '2023-03-23' }),
  binance('OP', 'USDT', 4, 5e7, { listed: '2022-06-01' }),
  binance('USDC', 'USDT', 4, 3e8),
  binance('ETH', 'BTC', 5, 1e8),
  binance('BNB', 'BTC', 6, 3e7),
  binance('SOL', 'BTC', 7, 1e7, { listed: '2020-08-11' }),
  binance('XRP', 'BTC', 8, 2e7),
  binance('ADA', 'BTC', 8, 1e7),
  binance('LTC', 'BTC', 6, 1e7),
  binance('LINK', 'BTC', 8, 5e6, { listed: '2019-01-16' }),
  binance('DOT', 'BTC', 7, 5e6, { listed: '2020-08-18' }),
  binance('NXS', 'BTC', 8, 1e5),
  binance('RDN', 'BTC', 8, 1e5),
  binance('GAS', 'BTC', 7, 2e5),
  binance('NAV', 'BTC', 8, 5e4),
  binance('BTC', 'USDC', 2, 1e8),
  binance('ETH', 'USDC', 2, 5e7),
  binance('FET', 'USDC', 4, 1e7, { listed: '2019-03-01' }),
];

export interface KrakenOhlcvAsset {
  /** Kraken's code (`XXBT`), its altname (`XBT`) and the model's asset (`BTC`). */
  code: string;
  altname: string;
  asset: string;
  decimals: number;
  displayDecimals: number;
}

const asset = (code: string, altname: string, model: string, decimals: number, displayDecimals: number): KrakenOhlcvAsset => ({ code, altname, asset: model, decimals, displayDecimals });

export const KRAKEN_OHLCV_ASSETS: readonly KrakenOhlcvAsset[] = [
  asset('ZUSD', 'USD', 'USD', 4, 2),
  asset('XXBT', 'XBT', 'BTC', 10, 5),
  asset('XETH', 'ETH', 'ETH', 10, 5),
  asset('XXRP', 'XRP', 'XRP', 8, 5),
  asset('SOL', 'SOL', 'SOL', 10, 5),
  asset('ADA', 'ADA', 'ADA', 8, 6),
  asset('DOT', 'DOT', 'DOT', 10, 8),
  asset('XLTC', 'LTC', 'LTC', 10, 5),
  asset('XXDG', 'XDG', 'DOGE', 8, 2),
  asset('LINK', 'LINK', 'LINK', 10, 5),
  asset('USDT', 'USDT', 'USDT', 8, 4),
  asset('USDC', 'USDC', 'USDC', 8, 4),
  asset('DAI', 'DAI', 'DAI', 10, 5),
  asset('XXMR', 'XMR', 'XMR', 10, 5),
  asset('MINA', 'MINA', 'MINA', 10, 5),
];

function krakenAsset(model: string): KrakenOhlcvAsset {
  const found = KRAKEN_OHLCV_ASSETS.find((entry) => entry.asset === model);
  if (!found) throw new Error(`fake Kraken OHLCV: no asset ${model}`);
  return found;
}

const kraken = (id: string, base: string, quote: string, priceDecimals: number, dailyVolumeUsd: number, options: MarketOptions = {}): OhlcvMarket => {
  const baseAsset = krakenAsset(base);
  const quoteAsset = krakenAsset(quote);
  return market(
    'kraken',
    { id, baseId: baseAsset.code, quoteId: quoteAsset.code, altname: baseAsset.altname + quoteAsset.altname, wsname: `${baseAsset.altname}/${quoteAsset.altname}` },
    base,
    quote,
    priceDecimals,
    dailyVolumeUsd,
    options,
  );
};

/** Kraken: USD quotes (and ETH/BTC); XMR and MINA are on Kraken only. */
export const KRAKEN_OHLCV_MARKETS: readonly OhlcvMarket[] = [
  kraken('XXBTZUSD', 'BTC', 'USD', 1, 3e8),
  kraken('XETHZUSD', 'ETH', 'USD', 2, 1.5e8),
  kraken('XXRPZUSD', 'XRP', 'USD', 5, 5e7),
  kraken('SOLUSD', 'SOL', 'USD', 2, 5e7, { listed: '2021-06-29' }),
  kraken('ADAUSD', 'ADA', 'USD', 6, 2e7),
  kraken('DOTUSD', 'DOT', 'USD', 4, 2e7, { listed: '2020-08-19' }),
  kraken('XLTCZUSD', 'LTC', 'USD', 2, 2e7),
  kraken('XDGUSD', 'DOGE', 'USD', 7, 2e7),
  kraken('LINKUSD', 'LINK', 'USD', 5, 1e7),
  kraken('USDTZUSD', 'USDT', 'USD', 4, 1e8),
  kraken('USDCUSD', 'USDC', 'USD', 4, 5e7),
  kraken('DAIUSD', 'DAI', 'USD', 5, 5e6),
  kraken('XXMRZUSD', 'XMR', 'USD', 2, 1e7),
  kraken('MINAUSD', 'MINA', 'USD', 5, 5e6, { listed: '2021-06-01' }),
  kraken('XETHXXBT', 'ETH', 'BTC', 5, 2e7),
];

export const OHLCV_MARKETS: Readonly<Record<OhlcvExchangeId, readonly OhlcvMarket[]>> = { binance: BINANCE_OHLCV_MARKETS, kraken: KRAKEN_OHLCV_MARKETS };

/** A market by exchange and ccxt symbol (`ETH/BTC`) or exchange id (`ETHBTC`, `XETHXXBT`). */
export function ohlcvMarket(exchange: OhlcvExchangeId, symbolOrId: string): OhlcvMarket {
  const found = OHLCV_MARKETS[exchange].find((entry) => entry.symbol === symbolOrId || entry.id === symbolOrId || entry.altname === symbolOrId);
  if (!found) throw new Error(`fake OHLCV: ${exchange} lists no ${symbolOrId}`);
  return found;
}

/** The situations the listing creates, named for tests. */
export const OHLCV_SCENARIOS = {
  /** On Binance only against BTC: their USD value is XYZ/BTC × BTC/USDT (× USDT/USD). */
  btcOnly: ['NXS', 'RDN', 'GAS', 'NAV'],
  /** On Binance only against USDC: valued through USDC, which de-pegged in March 2023. */
  usdcOnly: ['FET'],
  /** On Kraken only, against USD: only Kraken's latest 720 candles of an interval exist. */
  krakenOnly: ['XMR', 'MINA'],
  /** Priced by the model (a user can hold them) but listed nowhere: missing prices. */
  missing: ['HEX', 'SAFEMOON', 'ELON'],
  /** Kraken's direct USD prices. */
  krakenUsd: KRAKEN_OHLCV_MARKETS.filter((entry) => entry.quote === 'USD').map((entry) => entry.base),
  /** Listed years into the model: no candles before these days. */
  lateListings: [
    { exchange: 'binance', symbol: 'APT/USDT', listed: utc('2022-10-19') },
    { exchange: 'binance', symbol: 'ARB/USDT', listed: utc('2023-03-23') },
    { exchange: 'binance', symbol: 'POL/USDT', listed: utc('2024-09-13') },
  ],
  /** Whole days without candles on one market (its BTC market has them). */
  gap: { exchange: 'binance', symbol: 'LINK/USDT', from: utc('2022-06-10'), to: utc('2022-06-13') },
  /** Delisted (MATIC became POL): candles stop; the market stays listed with status BREAK. */
  delisting: { exchange: 'binance', symbol: 'MATIC/USDT', delisted: utc('2024-09-10') },
  /** The default de-peg: USDC (and so BTC/USDC, USDC/USDT, USDC/USD) on 2023-03-11. */
  depeg: USDC_MARCH_2023,
  /** Kraken's window: only its most recent this-many candles of an interval are served. */
  krakenWindow: 720,
} as const;
