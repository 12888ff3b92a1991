// What the fake Binance lists: its assets (with the networks they move on and their
// withdrawal fees), its spot markets (with the dates they traded, tick and step sizes), a
// deterministic USD price for every asset at every instant, and the exchangeInfo and
// capital/config/getall entries built from them, in Binance's own shapes.
//
// The catalogue holds a few things a sync has to cope with on the real exchange:
// - YOYO, which ccxt renames to YOYOW (its commonCurrencies): the raw id is what counts;
// - delisted markets (BNBBUSD, BTCBUSD, MATICUSDT) still listed with status BREAK, their
//   history still served by myTrades;
// - assets listed years into the history (SOL, DOT, AVAX, SHIB, FDUSD, POL).
import { Decimal } from '../../../shared/money.ts';

export const DAY = 86_400_000;

export function utc(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

export interface BinanceNetwork {
  /** Binance's network id (`network` in deposits, withdrawals and capital/config/getall). */
  id: string;
  name: string;
  withdrawFee: string;
  withdrawMin: string;
  /** Deposit confirmations (`minConfirm`) and confirmations before withdrawal (`unLockConfirm`). */
  minConfirm: number;
  unlockConfirm: number;
  address: AddressStyle;
  tx: TxStyle;
  /** Deposits and withdrawals carry a memo / tag (`addressTag`). */
  memo: boolean;
}

type AddressStyle = 'evm' | 'btc' | 'ltc' | 'doge' | 'tron' | 'sol' | 'xrp' | 'ada' | 'dot' | 'atom' | 'bnb';
type TxStyle = 'evm' | 'hex' | 'HEX' | 'sol';

export interface BinanceAsset {
  id: string;
  name: string;
  /** USD prices on 2019-01-01, 2021-05-01, 2022-12-01 and 2026-07-01 (log-linear between). */
  anchors: readonly [number, number, number, number];
  stable: boolean;
  networks: readonly BinanceNetwork[];
}

export interface BinanceMarket {
  symbol: string;
  base: string;
  quote: string;
  /** When the market opened and (for delisted ones) stopped trading. */
  listed: number;
  delisted: number | null;
  /** How often the generated account trades it (0: listed only). */
  weight: number;
  tickSize: string;
  stepSize: string;
  tickDecimals: number;
  stepDecimals: number;
}

function network(id: string, withdrawFee: string, overrides: Partial<BinanceNetwork> = {}): BinanceNetwork {
  const known: Record<string, Omit<BinanceNetwork, 'id' | 'withdrawFee' | 'withdrawMin'>> = {
    BTC: { name: 'Bitcoin', minConfirm: 1, unlockConfirm: 2, address: 'btc', tx: 'hex', memo: false },
    ETH: { name: 'Ethereum (ERC20)', minConfirm: 6, unlockConfirm: 64, address: 'evm', tx: 'evm', memo: false },
    BSC: { name: 'BNB Smart Chain (BEP20)', minConfirm: 15, unlockConfirm: 0, address: 'evm', tx: 'evm', memo: false },
    ARBITRUM: { name: 'Arbitrum One', minConfirm: 12, unlockConfirm: 0, address: 'evm', tx: 'evm', memo: false },
    BNB: { name: 'BNB Beacon Chain (BEP2)', minConfirm: 1, unlockConfirm: 0, address: 'bnb', tx: 'HEX', memo: true },
    TRX: { name: 'Tron (TRC20)', minConfirm: 1, unlockConfirm: 0, address: 'tron', tx: 'hex', memo: false },
    SOL: { name: 'Solana', minConfirm: 1, unlockConfirm: 0, address: 'sol', tx: 'sol', memo: false },
    XRP: { name: 'Ripple', minConfirm: 1, unlockConfirm: 0, address: 'xrp', tx: 'HEX', memo: true },
    ADA: { name: 'Cardano', minConfirm: 30, unlockConfirm: 0, address: 'ada', tx: 'hex', memo: false },
    DOT: { name: 'Polkadot', minConfirm: 1, unlockConfirm: 0, address: 'dot', tx: 'evm', memo: false },
    LTC: { name: 'Litecoin', minConfirm: 3, unlockConfirm: 4, address: 'ltc', tx: 'hex', memo: false },
    DOGE: { name: 'DOGE', minConfirm: 50, unlockConfirm: 0, address: 'doge', tx: 'hex', memo: false },
    MATIC: { name: 'Polygon POS', minConfirm: 300, unlockConfirm: 0, address: 'evm', tx: 'evm', memo: false },
    AVAXC: { name: 'AVAX C-Chain', minConfirm: 12, unlockConfirm: 0, address: 'evm', tx: 'evm', memo: false },
    ATOM: { name: 'Cosmos', minConfirm: 1, unlockConfirm: 0, address: 'atom', tx: 'HEX', memo: true },
  };
  const base = known[id];
  if (!base) throw new Error(`fake Binance: no network ${id}`);
  const withdrawMin = new Decimal(withdrawFee).isZero() ? '0.0001' : new Decimal(withdrawFee).times(2).toFixed();
  return { id, withdrawFee, withdrawMin, ...base, ...overrides };
}

const STABLE: readonly [number, number, number, number] = [1, 1, 1, 1];

export const BINANCE_ASSETS: readonly BinanceAsset[] = [
  { id: 'BTC', name: 'Bitcoin', anchors: [3700, 57000, 17000, 105000], stable: false, networks: [network('BTC', '0.0002'), network('BSC', '0.0000049'), network('ETH', '0.0001')] },
  { id: 'ETH', name: 'Ethereum', anchors: [135, 2900, 1250, 2500], stable: false, networks: [network('ETH', '0.0012'), network('ARBITRUM', '0.0001'), network('BSC', '0.00008')] },
  { id: 'BNB', name: 'BNB', anchors: [6, 600, 290, 650], stable: false, networks: [network('BSC', '0.0005'), network('BNB', '0.001')] },
  { id: 'USDT', name: 'TetherUS', anchors: STABLE, stable: true, networks: [network('ETH', '4'), network('TRX', '1'), network('BSC', '0'), network('SOL', '1')] },
  { id: 'USDC', name: 'USD Coin', anchors: STABLE, stable: true, networks: [network('ETH', '4'), network('SOL', '1'), network('BSC', '0')] },
  { id: 'BUSD', name: 'BUSD', anchors: STABLE, stable: true, networks: [network('BSC', '0'), network('ETH', '5')] },
  { id: 'FDUSD', name: 'First Digital USD', anchors: STABLE, stable: true, networks: [network('BSC', '0'), network('ETH', '4')] },
  { id: 'ADA', name: 'Cardano', anchors: [0.04, 1.5, 0.31, 0.65], stable: false, networks: [network('ADA', '0.8')] },
  { id: 'SOL', name: 'Solana', anchors: [1, 45, 13, 150], stable: false, networks: [network('SOL', '0.008')] },
  { id: 'XRP', name: 'Ripple', anchors: [0.35, 1.5, 0.39, 2.2], stable: false, networks: [network('XRP', '0.2')] },
  { id: 'DOT', name: 'Polkadot', anchors: [4, 35, 5.3, 4], stable: false, networks: [network('DOT', '0.1')] },
  { id: 'LINK', name: 'ChainLink', anchors: [0.3, 40, 7, 14], stable: false, networks: [network('ETH', '0.55'), network('BSC', '0.012')] },
  { id: 'LTC', name: 'Litecoin', anchors: [31, 300, 78, 87], stable: false, networks: [network('LTC', '0.001')] },
  { id: 'DOGE', name: 'Dogecoin', anchors: [0.0024, 0.5, 0.1, 0.17], stable: false, networks: [network('DOGE', '4')] },
  { id: 'MATIC', name: 'Polygon', anchors: [0.004, 1.5, 0.9, 0.35], stable: false, networks: [network('MATIC', '0.1'), network('ETH', '9')] },
  { id: 'POL', name: 'Polygon Ecosystem Token', anchors: [0.4, 0.4, 0.4, 0.2], stable: false, networks: [network('MATIC', '0.1'), network('ETH', '9')] },
  { id: 'AVAX', name: 'Avalanche', anchors: [3, 30, 13, 18], stable: false, networks: [network('AVAXC', '0.008')] },
  { id: 'ATOM', name: 'Cosmos', anchors: [4, 20, 10, 4.5], stable: false, networks: [network('ATOM', '0.004')] },
  { id: 'TRX', name: 'TRON', anchors: [0.024, 0.12, 0.055, 0.28], stable: false, networks: [network('TRX', '1'), network('BSC', '0.8')] },
  { id: 'SHIB', name: 'SHIBA INU', anchors: [0.000006, 0.000015, 0.0000085, 0.000012], stable: false, networks: [network('ETH', '250000'), network('BSC', '30000')] },
  { id: 'YOYO', name: 'YOYOW', anchors: [0.012, 0.05, 0.006, 0.004], stable: false, networks: [network('ETH', '55')] },
];

const ASSETS_BY_ID = new Map(BINANCE_ASSETS.map((asset) => [asset.id, asset]));

export function assetById(id: string): BinanceAsset {
  const asset = ASSETS_BY_ID.get(id);
  if (!asset) throw new Error(`fake Binance: no asset ${id}`);
  return asset;
}

const ANCHOR_TIMES = [utc(2019, 1, 1), utc(2021, 5, 1), utc(2022, 12, 1), utc(2026, 7, 1)] as const;
const LOG_ANCHORS = new Map(BINANCE_ASSETS.map((asset) => [asset.id, asset.anchors.map(Math.log)]));
const STABLE_IDS = new Set(BINANCE_ASSETS.filter((asset) => asset.stable).map((asset) => asset.id));

/**
 * The asset's USD price at an instant: log-linear between the anchors, with a few slow
 * waves on top so that prices move between trades. Deterministic: no random state.
 */
export function usdPrice(assetId: string, time: number): number {
  const logs = LOG_ANCHORS.get(assetId);
  if (!logs) throw new Error(`fake Binance: no asset ${assetId}`);
  if (STABLE_IDS.has(assetId)) return 1;
  const segment = time < ANCHOR_TIMES[1] ? 0 : time < ANCHOR_TIMES[2] ? 1 : 2;
  const from = ANCHOR_TIMES[segment]!;
  const to = ANCHOR_TIMES[segment + 1]!;
  const fraction = Math.min(Math.max((time - from) / (to - from), -1), 2);
  const a = logs[segment]!;
  const b = logs[segment + 1]!;
  const phase = assetId.charCodeAt(0) + assetId.length * 7;
  const waves =
    0.08 * Math.sin((2 * Math.PI * time) / (29 * DAY) + phase) +
    0.05 * Math.sin((2 * Math.PI * time) / (7.3 * DAY) + phase * 3) +
    0.02 * Math.sin((2 * Math.PI * time) / (1.1 * DAY) + phase * 5);
  return Math.exp(a + fraction * (b - a) + waves);
}

interface MarketSpec {
  base: string;
  quote: string;
  listed: number;
  delisted?: number;
  weight: number;
}

// The markets the generated account trades (weight > 0) and a few more it never touches,
// so that the market list is not simply "the account's markets".
const MARKET_SPECS: readonly MarketSpec[] = [
  { base: 'BTC', quote: 'USDT', listed: utc(2017, 8, 17), weight: 22 },
  { base: 'ETH', quote: 'USDT', listed: utc(2017, 8, 17), weight: 12 },
  { base: 'BNB', quote: 'USDT', listed: utc(2017, 11, 6), weight: 8 },
  { base: 'ETH', quote: 'BTC', listed: utc(2017, 7, 14), weight: 5 },
  { base: 'BNB', quote: 'BTC', listed: utc(2017, 7, 14), weight: 4 },
  { base: 'BNB', quote: 'ETH', listed: utc(2017, 7, 14), weight: 2 },
  { base: 'ADA', quote: 'USDT', listed: utc(2018, 4, 17), weight: 4 },
  { base: 'ADA', quote: 'BTC', listed: utc(2017, 11, 30), weight: 2 },
  { base: 'SOL', quote: 'USDT', listed: utc(2020, 8, 11), weight: 5 },
  { base: 'XRP', quote: 'USDT', listed: utc(2018, 5, 4), weight: 4 },
  { base: 'DOT', quote: 'USDT', listed: utc(2020, 8, 19), weight: 3 },
  { base: 'LINK', quote: 'USDT', listed: utc(2019, 1, 16), weight: 3 },
  { base: 'LTC', quote: 'BTC', listed: utc(2017, 7, 14), weight: 2 },
  { base: 'LTC', quote: 'USDT', listed: utc(2017, 12, 13), weight: 2 },
  { base: 'DOGE', quote: 'USDT', listed: utc(2019, 7, 5), weight: 4 },
  { base: 'MATIC', quote: 'USDT', listed: utc(2019, 4, 26), delisted: utc(2024, 9, 10), weight: 3 },
  { base: 'POL', quote: 'USDT', listed: utc(2024, 9, 13), weight: 1 },
  { base: 'AVAX', quote: 'USDT', listed: utc(2020, 9, 22), weight: 3 },
  { base: 'ATOM', quote: 'USDT', listed: utc(2019, 4, 29), weight: 2 },
  { base: 'TRX', quote: 'USDT', listed: utc(2018, 6, 11), weight: 2 },
  { base: 'SHIB', quote: 'USDT', listed: utc(2021, 5, 10), weight: 3 },
  { base: 'YOYO', quote: 'BTC', listed: utc(2017, 8, 31), weight: 1 },
  { base: 'BNB', quote: 'BUSD', listed: utc(2019, 9, 18), delisted: utc(2023, 12, 15), weight: 2 },
  { base: 'BTC', quote: 'BUSD', listed: utc(2019, 9, 18), delisted: utc(2023, 12, 15), weight: 3 },
  { base: 'BTC', quote: 'FDUSD', listed: utc(2023, 7, 26), weight: 3 },
  { base: 'ETH', quote: 'FDUSD', listed: utc(2023, 7, 26), weight: 1 },
  { base: 'USDC', quote: 'USDT', listed: utc(2018, 12, 15), weight: 0 },
  { base: 'BTC', quote: 'USDC', listed: utc(2018, 12, 15), weight: 0 },
  { base: 'ETH', quote: 'USDC', listed: utc(2018, 12, 15), weight: 0 },
  { base: 'XRP', quote: 'BTC', listed: utc(2018, 5, 4), weight: 0 },
  { base: 'DOGE', quote: 'BTC', listed: utc(2019, 7, 5), weight: 0 },
  { base: 'DOT', quote: 'BTC', listed: utc(2020, 8, 19), weight: 0 },
  { base: 'LINK', quote: 'BTC', listed: utc(2019, 1, 16), weight: 0 },
  { base: 'SOL', quote: 'BTC', listed: utc(2020, 8, 11), weight: 0 },
  { base: 'AVAX', quote: 'BTC', listed: utc(2020, 9, 22), weight: 0 },
  { base: 'ATOM', quote: 'BTC', listed: utc(2019, 4, 29), weight: 0 },
  { base: 'TRX', quote: 'BTC', listed: utc(2018, 6, 11), weight: 0 },
  { base: 'SOL', quote: 'BNB', listed: utc(2020, 8, 11), weight: 0 },
  { base: 'ADA', quote: 'BNB', listed: utc(2019, 4, 12), weight: 0 },
  { base: 'SOL', quote: 'FDUSD', listed: utc(2023, 7, 26), weight: 0 },
];

function decimalsOf(value: number, offset: number): number {
  return Math.min(8, Math.max(0, offset - Math.floor(Math.log10(value))));
}

function market(spec: MarketSpec): BinanceMarket {
  // Tick and step sizes as Binance sets them: a price with about six significant digits,
  // and price decimals plus quantity decimals never above eight, so that price × quantity
  // is exact in the eight decimals Binance writes quoteQty with.
  const end = spec.delisted ?? utc(2026, 7, 1);
  const middle = Math.max(spec.listed, utc(2019, 1, 1)) / 2 + end / 2;
  const price = usdPrice(spec.base, middle) / usdPrice(spec.quote, middle);
  const tickDecimals = Math.max(2, decimalsOf(price, 4));
  const stepDecimals = Math.min(8 - tickDecimals, Math.max(0, Math.floor(Math.log10(usdPrice(spec.base, middle))) + 1));
  return {
    symbol: spec.base + spec.quote,
    base: spec.base,
    quote: spec.quote,
    listed: spec.listed,
    delisted: spec.delisted ?? null,
    weight: spec.weight,
    tickSize: new Decimal(1).dividedBy(new Decimal(10).pow(tickDecimals)).toFixed(8),
    stepSize: new Decimal(1).dividedBy(new Decimal(10).pow(stepDecimals)).toFixed(8),
    tickDecimals,
    stepDecimals,
  };
}

export const BINANCE_MARKETS: readonly BinanceMarket[] = MARKET_SPECS.map(market);

const MARKETS_BY_SYMBOL = new Map(BINANCE_MARKETS.map((entry) => [entry.symbol, entry]));

export function marketBySymbol(symbol: string): BinanceMarket | undefined {
  return MARKETS_BY_SYMBOL.get(symbol);
}

/** The market's price at an instant, on its tick, as decimal text. */
export function marketPrice(entry: BinanceMarket, time: number): string {
  const onTick = (usdPrice(entry.base, time) / usdPrice(entry.quote, time)).toFixed(entry.tickDecimals);
  return /^0\.0*$/.test(onTick) ? entry.tickSize : onTick;
}

export function isTrading(entry: BinanceMarket, time: number): boolean {
  return time >= entry.listed && (entry.delisted === null || time < entry.delisted);
}

/** One entry of `GET /api/v3/exchangeInfo` `symbols`, as Binance writes it today. */
export function exchangeInfoSymbol(entry: BinanceMarket, now: number): Record<string, unknown> {
  const trading = isTrading(entry, now);
  return {
    symbol: entry.symbol,
    status: trading ? 'TRADING' : 'BREAK',
    baseAsset: entry.base,
    baseAssetPrecision: 8,
    quoteAsset: entry.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: trading,
    isMarginTradingAllowed: trading && entry.quote !== 'FDUSD',
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: entry.tickSize, maxPrice: '1000000.00000000', tickSize: entry.tickSize },
      { filterType: 'LOT_SIZE', minQty: entry.stepSize, maxQty: '9000000.00000000', stepSize: entry.stepSize },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100000.00000000', stepSize: '0.00000000' },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
      { filterType: 'NOTIONAL', minNotional: entry.quote === 'BTC' ? '0.00010000' : '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    ],
    permissions: [],
    permissionSets: [trading ? ['SPOT', 'MARGIN', 'TRD_GRP_004', 'TRD_GRP_005', 'TRD_GRP_006'] : ['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT'],
  };
}

/** One entry of `GET /sapi/v1/capital/config/getall`: the coin, its balance, its networks. */
export function capitalConfigEntry(asset: BinanceAsset, free: string): Record<string, unknown> {
  return {
    coin: asset.id,
    depositAllEnable: true,
    withdrawAllEnable: true,
    name: asset.name,
    free,
    locked: '0',
    freeze: '0',
    withdrawing: '0',
    ipoing: '0',
    ipoable: '0',
    storage: '0',
    isLegalMoney: false,
    trading: true,
    networkList: asset.networks.map((entry, index) => ({
      network: entry.id,
      coin: asset.id,
      withdrawIntegerMultiple: '0.00000001',
      isDefault: index === 0,
      depositEnable: true,
      withdrawEnable: true,
      depositDesc: '',
      withdrawDesc: '',
      specialTips: entry.memo ? `Both a MEMO and an Address are required to successfully deposit your ${asset.id} tokens to Binance.` : '',
      specialWithdrawTips: '',
      name: entry.name,
      resetAddressStatus: false,
      addressRegex: entry.address === 'evm' ? '^(0x)[0-9A-Fa-f]{40}$' : '',
      addressRule: '',
      memoRegex: entry.memo ? '^[0-9A-Za-z\\-_]{1,120}$' : '',
      withdrawFee: entry.withdrawFee,
      withdrawMin: entry.withdrawMin,
      withdrawMax: '9999999999.99999999',
      depositDust: '0.00000001',
      minConfirm: entry.minConfirm,
      unLockConfirm: entry.unlockConfirm,
      sameAddress: entry.memo,
      estimatedArrivalTime: 5,
      busy: false,
      contractAddressUrl: '',
      contractAddress: '',
    })),
  };
}

/** A deposit or withdrawal address of the network's shape. */
export function addressFor(style: AddressStyle, random: { hex(n: number): string; base58(n: number): string; lowerAlphanumeric(n: number): string }): string {
  switch (style) {
    case 'evm':
      return `0x${random.hex(40)}`;
    case 'btc':
      return `bc1q${random.lowerAlphanumeric(38)}`;
    case 'ltc':
      return `ltc1q${random.lowerAlphanumeric(38)}`;
    case 'doge':
      return `D${random.base58(33)}`;
    case 'tron':
      return `T${random.base58(33)}`;
    case 'sol':
      return random.base58(44);
    case 'xrp':
      return `r${random.base58(33)}`;
    case 'ada':
      return `addr1${random.lowerAlphanumeric(98)}`;
    case 'dot':
      return `1${random.base58(47)}`;
    case 'atom':
      return `cosmos1${random.lowerAlphanumeric(38)}`;
    case 'bnb':
      return `bnb1${random.lowerAlphanumeric(38)}`;
  }
}

/** A transaction hash of the network's shape. */
export function txIdFor(style: TxStyle, random: { hex(n: number): string; base58(n: number): string }): string {
  switch (style) {
    case 'evm':
      return `0x${random.hex(64)}`;
    case 'hex':
      return random.hex(64);
    case 'HEX':
      return random.hex(64).toUpperCase();
    case 'sol':
      return random.base58(88);
  }
}
