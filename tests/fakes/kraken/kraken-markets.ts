// The fake Kraken's reference data: the assets and asset pairs it lists (what
// /0/public/Assets and /0/public/AssetPairs answer), in Kraken's own codes: X/Z-prefixed
// legacy codes (XXBT, XETH, ZUSD), plain newer codes (DOT, SOL) and the `.S` staked
// variants that live only in the ledger. The history generator draws its trades and
// amounts from here, so every amount is written with the decimals Kraken uses for it.

export interface KrakenAsset {
  /** Kraken's asset code as it appears in the ledger: `XXBT`, `ZUSD`, `ETH2.S`. */
  code: string;
  altname: string;
  /** Decimals of ledger amounts, fees and balances for this asset. */
  decimals: number;
  displayDecimals: number;
  fiat: boolean;
  /** Rough USD price at the start of 2021, 2022, 2023, 2024, 2025 and 2026 (for realistic amounts only). */
  usd: readonly number[];
}

export interface KrakenPair {
  /** The pair id TradesHistory writes: `XXBTZUSD`, `DOTUSD`, `XDGUSD`. */
  id: string;
  altname: string;
  wsname: string;
  base: string;
  quote: string;
  pairDecimals: number;
  /** Decimals of `cost`, `fee` and `margin` in TradesHistory (Kraken pads fiat to 5). */
  costDecimals: number;
  lotDecimals: number;
  ordermin: string;
  costmin: string;
  tickSize: string;
  /** Listed in AssetPairs; a delisted pair still appears in old trades. */
  listed: boolean;
  /** Traded by the generated account only before this time (epoch seconds), when set. */
  tradedUntil?: number;
  /** How often the generated account trades this pair, relative to the others. */
  weight: number;
}

const A = (code: string, altname: string, decimals: number, displayDecimals: number, usd: number[], fiat = false): KrakenAsset => ({
  code,
  altname,
  decimals,
  displayDecimals,
  fiat,
  usd,
});

export const KRAKEN_ASSETS: readonly KrakenAsset[] = [
  A('ZUSD', 'USD', 4, 2, [1, 1, 1, 1, 1, 1], true),
  A('ZEUR', 'EUR', 4, 2, [1.22, 1.13, 1.07, 1.1, 1.04, 1.17], true),
  A('XXBT', 'XBT', 10, 5, [29000, 47000, 16600, 42300, 94400, 88000]),
  A('XETH', 'ETH', 10, 5, [730, 3700, 1200, 2300, 3350, 2970]),
  A('XLTC', 'LTC', 10, 5, [125, 146, 70, 72, 103, 82]),
  A('XXRP', 'XRP', 8, 5, [0.22, 0.83, 0.34, 0.62, 2.08, 1.86]),
  A('XXDG', 'XDG', 8, 2, [0.0047, 0.17, 0.07, 0.09, 0.32, 0.12]),
  A('ADA', 'ADA', 8, 6, [0.18, 1.37, 0.25, 0.59, 0.85, 0.33]),
  A('ADA.S', 'ADA.S', 8, 6, [0.18, 1.37, 0.25, 0.59, 0.85, 0.33]),
  A('DOT', 'DOT', 10, 8, [8.2, 26.7, 4.4, 8.3, 6.9, 1.8]),
  A('DOT.S', 'DOT.S', 10, 8, [8.2, 26.7, 4.4, 8.3, 6.9, 1.8]),
  A('SOL', 'SOL', 10, 5, [1.8, 170, 10, 101, 189, 124]),
  A('LINK', 'LINK', 10, 5, [11.3, 19.8, 5.6, 15.1, 20.3, 12.4]),
  A('MATIC', 'MATIC', 10, 5, [0.018, 2.5, 0.76, 0.99, 0.45, 0.45]),
  A('ETH2', 'ETH2', 10, 5, [730, 3700, 1200, 2300, 3350, 2970]),
  A('ETH2.S', 'ETH2.S', 10, 5, [730, 3700, 1200, 2300, 3350, 2970]),
  A('ETHW', 'ETHW', 10, 5, [0, 0, 3.1, 3.4, 2.9, 0.8]),
  A('USDT', 'USDT', 8, 4, [1, 1, 1, 1, 1, 1]),
  A('USDC', 'USDC', 8, 4, [1, 1, 1, 1, 1, 1]),
];

const assetsByCode = new Map(KRAKEN_ASSETS.map((asset) => [asset.code, asset]));

const sept2024 = Date.UTC(2024, 8, 1) / 1000;

const P = (
  id: string,
  altname: string,
  wsname: string,
  base: string,
  quote: string,
  pairDecimals: number,
  ordermin: string,
  weight: number,
  extra: Partial<KrakenPair> = {},
): KrakenPair => {
  const fiatQuote = quote === 'ZUSD' || quote === 'ZEUR';
  return {
    id,
    altname,
    wsname,
    base,
    quote,
    pairDecimals,
    costDecimals: fiatQuote ? 5 : assetByCode(quote).decimals,
    lotDecimals: 8,
    ordermin,
    costmin: fiatQuote ? '0.5' : '0.00002',
    tickSize: (1 / 10 ** pairDecimals).toFixed(pairDecimals),
    listed: true,
    weight,
    ...extra,
  };
};

export const KRAKEN_PAIRS: readonly KrakenPair[] = [
  P('XXBTZUSD', 'XBTUSD', 'XBT/USD', 'XXBT', 'ZUSD', 1, '0.00005', 26),
  P('XXBTZEUR', 'XBTEUR', 'XBT/EUR', 'XXBT', 'ZEUR', 1, '0.00005', 8),
  P('XETHZUSD', 'ETHUSD', 'ETH/USD', 'XETH', 'ZUSD', 2, '0.002', 16),
  P('XETHZEUR', 'ETHEUR', 'ETH/EUR', 'XETH', 'ZEUR', 2, '0.002', 5),
  P('XETHXXBT', 'ETHXBT', 'ETH/XBT', 'XETH', 'XXBT', 5, '0.002', 5),
  P('XLTCZUSD', 'LTCUSD', 'LTC/USD', 'XLTC', 'ZUSD', 2, '0.05', 3),
  P('XXRPZUSD', 'XRPUSD', 'XRP/USD', 'XXRP', 'ZUSD', 5, '10', 4),
  P('XDGUSD', 'XDGUSD', 'XDG/USD', 'XXDG', 'ZUSD', 7, '50', 3),
  P('ADAUSD', 'ADAUSD', 'ADA/USD', 'ADA', 'ZUSD', 6, '10', 4),
  P('ADAETH', 'ADAETH', 'ADA/ETH', 'ADA', 'XETH', 8, '10', 2),
  P('DOTUSD', 'DOTUSD', 'DOT/USD', 'DOT', 'ZUSD', 4, '0.5', 6),
  P('SOLUSD', 'SOLUSD', 'SOL/USD', 'SOL', 'ZUSD', 2, '0.02', 6),
  P('LINKUSD', 'LINKUSD', 'LINK/USD', 'LINK', 'ZUSD', 5, '0.2', 3),
  P('USDTZUSD', 'USDTUSD', 'USDT/USD', 'USDT', 'ZUSD', 4, '5', 3),
  P('USDCUSD', 'USDCUSD', 'USDC/USD', 'USDC', 'ZUSD', 4, '5', 3),
  // Delisted (MATIC became POL in September 2024): its trades stay in TradesHistory under
  // a pair id AssetPairs no longer knows, the case ccxt has to guess a symbol for.
  P('MATICUSD', 'MATICUSD', 'MATIC/USD', 'MATIC', 'ZUSD', 4, '5', 3, { listed: false, tradedUntil: sept2024 }),
];

export function assetByCode(code: string): KrakenAsset {
  const asset = assetsByCode.get(code);
  if (!asset) throw new Error(`the fake Kraken lists no asset ${code}`);
  return asset;
}

const yearStarts = [2021, 2022, 2023, 2024, 2025, 2026].map((year) => Date.UTC(year, 0, 1) / 1000);

/** A plausible USD price of an asset at a time (epoch seconds): the yearly anchors, interpolated. */
export function usdPrice(code: string, seconds: number): number {
  const usd = assetByCode(code).usd;
  if (seconds <= yearStarts[0]!) return usd[0]!;
  for (let i = 1; i < yearStarts.length; i += 1) {
    if (seconds <= yearStarts[i]!) {
      const from = yearStarts[i - 1]!;
      const share = (seconds - from) / (yearStarts[i]! - from);
      return usd[i - 1]! + (usd[i]! - usd[i - 1]!) * share;
    }
  }
  return usd[usd.length - 1]!;
}

const TAKER_FEES: [number, number][] = [
  [0, 0.26],
  [50000, 0.24],
  [100000, 0.22],
  [250000, 0.2],
  [500000, 0.18],
  [1000000, 0.16],
  [2500000, 0.14],
  [5000000, 0.12],
  [10000000, 0.1],
];
const MAKER_FEES: [number, number][] = [
  [0, 0.16],
  [50000, 0.14],
  [100000, 0.12],
  [250000, 0.1],
  [500000, 0.08],
  [1000000, 0.06],
  [2500000, 0.04],
  [5000000, 0.02],
  [10000000, 0],
];

/** GET /0/public/Assets `result`, as Kraken writes it. */
export function assetsResult(): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const asset of KRAKEN_ASSETS) {
    result[asset.code] = {
      aclass: 'currency',
      altname: asset.altname,
      decimals: asset.decimals,
      display_decimals: asset.displayDecimals,
      ...(asset.code.includes('.') ? {} : { collateral_value: asset.fiat ? 1 : 0.5 }),
      status: 'enabled',
    };
  }
  return result;
}

/** GET /0/public/AssetPairs `result` for the listed pairs, as Kraken writes it. */
export function assetPairsResult(): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const pair of KRAKEN_PAIRS) {
    if (!pair.listed) continue;
    result[pair.id] = {
      altname: pair.altname,
      wsname: pair.wsname,
      aclass_base: 'currency',
      base: pair.base,
      aclass_quote: 'currency',
      quote: pair.quote,
      lot: 'unit',
      cost_decimals: pair.costDecimals,
      pair_decimals: pair.pairDecimals,
      lot_decimals: pair.lotDecimals,
      lot_multiplier: 1,
      leverage_buy: pair.quote === 'ZUSD' && pair.base.startsWith('X') ? [2, 3, 4, 5] : [],
      leverage_sell: pair.quote === 'ZUSD' && pair.base.startsWith('X') ? [2, 3, 4, 5] : [],
      fees: TAKER_FEES,
      fees_maker: MAKER_FEES,
      fee_volume_currency: 'ZUSD',
      margin_call: 80,
      margin_stop: 40,
      ordermin: pair.ordermin,
      costmin: pair.costmin,
      tick_size: pair.tickSize,
      status: 'online',
    };
  }
  return result;
}
