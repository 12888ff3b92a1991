// What the fake Coinbase lists: currencies (as /v2/currencies and /v2/currencies/crypto
// describe them) and spot products (as /api/v3/brokerage/market/products does), with the
// fields, increments and code names Coinbase uses. The history trades a subset of them;
// the rest are listed with empty accounts, as on a real Coinbase account that has a wallet
// for every supported asset whether or not it was ever used.
//
// CGLD is Coinbase's code for Celo; ccxt renames it to CELO (commonCurrencies), so it is in
// the history on purpose: the raw records say CGLD, ccxt's unified fields say CELO.

export interface CatalogCurrency {
  code: string;
  name: string;
  type: 'fiat' | 'crypto';
  /** Decimals Coinbase's v2 API prints for this currency (`currency.exponent`). */
  exponent: number;
  color: string;
  sortIndex: number;
  addressRegex: string;
  /** The network name v2 `send` transactions report (`network.network_name`). */
  network: string;
  /** A plausible USD price on 2019-01-01, where the fake's price walk starts. */
  startPriceUsd: string;
  /** Traded, deposited or withdrawn in the generated history. */
  active: boolean;
  /** Earns staking rewards in the history. */
  stakes: boolean;
}

const EVM = '^(?:0x)?[0-9a-fA-F]{40}$';

function currency(
  code: string,
  name: string,
  exponent: number,
  startPriceUsd: string,
  network: string,
  extra: Partial<Pick<CatalogCurrency, 'active' | 'stakes' | 'addressRegex' | 'color'>> = {},
): Omit<CatalogCurrency, 'sortIndex'> {
  return {
    code,
    name,
    type: 'crypto',
    exponent,
    color: extra.color ?? '#0052FF',
    addressRegex: extra.addressRegex ?? EVM,
    network,
    startPriceUsd,
    active: extra.active ?? false,
    stakes: extra.stakes ?? false,
  };
}

const CRYPTO: Omit<CatalogCurrency, 'sortIndex'>[] = [
  currency('BTC', 'Bitcoin', 8, '3700', 'bitcoin', { active: true, color: '#F7931A', addressRegex: '^([13][a-km-zA-HJ-NP-Z1-9]{25,34})|^(bc1[qzry9x8gf2tvdw0s3jn54khce6mua7l]([qpzry9x8gf2tvdw0s3jn54khce6mua7l]{38}|[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}))$' }),
  currency('ETH', 'Ethereum', 8, '130', 'ethereum', { active: true, stakes: true, color: '#627EEA' }),
  currency('USDC', 'USDC', 6, '1', 'ethereum', { active: true, color: '#2775CA' }),
  currency('SOL', 'Solana', 9, '1.5', 'solana', { active: true, stakes: true, color: '#9945FF', addressRegex: '^[1-9A-HJ-NP-Za-km-z]{32,44}$' }),
  currency('LTC', 'Litecoin', 8, '30', 'litecoin', { active: true, color: '#A6A9AA', addressRegex: '^((L|M)[a-km-zA-HJ-NP-Z1-9]{25,34})|^(ltc1([qpzry9x8gf2tvdw0s3jn54khce6mua7l]{39}|[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{59}))$' }),
  currency('ADA', 'Cardano', 6, '0.04', 'cardano', { active: true, stakes: true, color: '#0033AD', addressRegex: '^(([0-9A-Za-z]{57,59})|([0-9A-Za-z]{100,104}))$' }),
  currency('DOGE', 'Dogecoin', 8, '0.0025', 'dogecoin', { active: true, color: '#BA9F33', addressRegex: '^((D|A|9)[a-km-zA-HJ-NP-Z1-9]{25,34})$' }),
  currency('AVAX', 'Avalanche', 9, '3', 'avacchain', { active: true, color: '#E84142' }),
  currency('LINK', 'Chainlink', 8, '0.3', 'ethereum', { active: true, color: '#2A5ADA' }),
  currency('DOT', 'Polkadot', 10, '3', 'polkadot', { active: true, stakes: true, color: '#E6007A', addressRegex: '^1[0-9a-zA-Z]{46,47}$' }),
  currency('ATOM', 'Cosmos', 6, '4', 'cosmos', { active: true, stakes: true, color: '#2E3148', addressRegex: '^cosmos1[ac-hj-np-z02-9]{38}$' }),
  currency('XLM', 'Stellar Lumens', 7, '0.11', 'stellar', { active: true, color: '#000000', addressRegex: '^G[A-Z2-7]{55}$' }),
  currency('UNI', 'Uniswap', 8, '3', 'ethereum', { active: true, color: '#FF007A' }),
  currency('CGLD', 'Celo', 8, '1', 'celo', { active: true, stakes: true, color: '#FBCC5C' }),
  currency('AAVE', 'Aave', 8, '60', 'ethereum'),
  currency('ALGO', 'Algorand', 6, '0.3', 'algorand', { addressRegex: '^[A-Z2-7]{58}$' }),
  currency('BCH', 'Bitcoin Cash', 8, '160', 'bitcoincash', { addressRegex: '^([13][a-km-zA-HJ-NP-Z1-9]{25,34})|^((bitcoincash:)?(q|p)[a-z0-9]{41})$' }),
  currency('ETC', 'Ethereum Classic', 8, '5', 'ethereumclassic'),
  currency('FIL', 'Filecoin', 18, '30', 'filecoin', { addressRegex: '^f[0-9a-z]{1,85}$' }),
  currency('MKR', 'Maker', 8, '500', 'ethereum'),
  currency('XTZ', 'Tezos', 6, '0.5', 'tezos', { addressRegex: '^(tz[1,2,3]|KT1)[a-zA-Z0-9]{33}$' }),
  currency('ZEC', 'Zcash', 8, '55', 'zcash', { addressRegex: '^(t1|t3)[a-km-zA-HJ-NP-Z1-9]{33}$' }),
  currency('COMP', 'Compound', 8, '100', 'ethereum'),
  currency('GRT', 'The Graph', 8, '0.3', 'ethereum'),
  currency('SHIB', 'Shiba Inu', 8, '0.00001', 'ethereum'),
  currency('NEAR', 'NEAR Protocol', 8, '2', 'near', { addressRegex: '^(([a-z\\d]+[\\-_])*[a-z\\d]+\\.)*([a-z\\d]+[\\-_])*[a-z\\d]+$' }),
  currency('ICP', 'Internet Computer', 8, '40', 'internetcomputer', { addressRegex: '^[0-9a-f]{64}$' }),
  currency('MANA', 'Decentraland', 8, '0.05', 'ethereum'),
  currency('SAND', 'The Sandbox', 8, '0.05', 'ethereum'),
  currency('CRV', 'Curve DAO Token', 8, '1', 'ethereum'),
  currency('SNX', 'Synthetix', 8, '1', 'ethereum'),
  currency('YFI', 'yearn.finance', 8, '10000', 'ethereum'),
  currency('BAT', 'Basic Attention Token', 8, '0.12', 'ethereum'),
  currency('ZRX', '0x', 8, '0.3', 'ethereum'),
  currency('OXT', 'Orchid', 8, '0.3', 'ethereum'),
  currency('EOS', 'EOS', 4, '2.5', 'eosio', { addressRegex: '(^[a-z1-5.]{1,11}[a-z1-5]$)|(^[a-z1-5.]{12}[a-j1-5]$)' }),
  currency('ARB', 'Arbitrum', 8, '1', 'arbitrum'),
  currency('OP', 'Optimism', 8, '1.5', 'optimism'),
  currency('APE', 'ApeCoin', 8, '5', 'ethereum'),
  currency('1INCH', '1inch', 8, '0.5', 'ethereum'),
  currency('HBAR', 'Hedera', 8, '0.05', 'hedera', { addressRegex: '^0\\.0\\.\\d{1,6}$' }),
  currency('INJ', 'Injective', 8, '2', 'injective'),
  currency('QNT', 'Quant', 8, '10', 'ethereum'),
  currency('STX', 'Stacks', 6, '0.3', 'stacks', { addressRegex: '^(SP)[0-9A-Z]{38,39}$' }),
  currency('XRP', 'XRP', 6, '0.35', 'ripple', { addressRegex: '^r[1-9a-km-zA-HJ-NP-Z]{25,35}$' }),
  currency('USDT', 'Tether', 6, '1', 'ethereum', { color: '#26A17B' }),
];

const FIAT: Omit<CatalogCurrency, 'sortIndex'>[] = [
  { code: 'USD', name: 'US Dollar', type: 'fiat', exponent: 2, color: '#0066cf', addressRegex: '', network: '', startPriceUsd: '1', active: true, stakes: false },
  { code: 'EUR', name: 'Euro', type: 'fiat', exponent: 2, color: '#0066cf', addressRegex: '', network: '', startPriceUsd: '1.14', active: false, stakes: false },
  { code: 'GBP', name: 'British Pound', type: 'fiat', exponent: 2, color: '#0066cf', addressRegex: '', network: '', startPriceUsd: '1.27', active: false, stakes: false },
];

export const CURRENCIES: readonly CatalogCurrency[] = [...FIAT, ...CRYPTO].map((entry, index) => ({ ...entry, sortIndex: index * 3 }));

export function catalogCurrency(code: string): CatalogCurrency {
  const found = CURRENCIES.find((entry) => entry.code === code);
  if (!found) throw new Error(`fake coinbase: unknown currency ${code}`);
  return found;
}

export interface CatalogProduct {
  id: string;
  base: string;
  quote: string;
  baseIncrement: string;
  quoteIncrement: string;
  baseMinSize: string;
  baseMaxSize: string;
  quoteMinSize: string;
  quoteMaxSize: string;
  /** Traded in the generated history. */
  traded: boolean;
  aliasTo: string[];
}

function product(base: string, quote: string, baseIncrement: string, quoteIncrement: string, traded: boolean, aliasTo: string[] = []): CatalogProduct {
  return {
    id: `${base}-${quote}`,
    base,
    quote,
    baseIncrement,
    quoteIncrement,
    baseMinSize: baseIncrement,
    baseMaxSize: '3400',
    quoteMinSize: quote === 'BTC' || quote === 'ETH' ? '0.000016' : '1',
    quoteMaxSize: quote === 'BTC' || quote === 'ETH' ? '70' : '150000000',
    traded,
    aliasTo,
  };
}

export const PRODUCTS: readonly CatalogProduct[] = [
  product('BTC', 'USD', '0.00000001', '0.01', true, ['BTC-USDC']),
  product('ETH', 'USD', '0.00000001', '0.01', true, ['ETH-USDC']),
  product('SOL', 'USD', '0.00000001', '0.01', true, ['SOL-USDC']),
  product('LTC', 'USD', '0.00000001', '0.01', true),
  product('ADA', 'USD', '0.00000001', '0.0001', true),
  product('DOGE', 'USD', '0.1', '0.00001', true),
  product('AVAX', 'USD', '0.00000001', '0.01', true),
  product('LINK', 'USD', '0.01', '0.001', true),
  product('DOT', 'USD', '0.00000001', '0.001', true),
  product('ATOM', 'USD', '0.0001', '0.001', true),
  product('XLM', 'USD', '1', '0.000001', true),
  product('UNI', 'USD', '0.000001', '0.001', true),
  product('CGLD', 'USD', '0.01', '0.001', true),
  product('BTC', 'USDC', '0.00000001', '0.01', true),
  product('ETH', 'USDC', '0.00000001', '0.01', true),
  product('SOL', 'USDC', '0.00000001', '0.01', true),
  product('ETH', 'BTC', '0.00000001', '0.00001', true),
  product('LTC', 'BTC', '0.00000001', '0.000001', true),
  product('SOL', 'ETH', '0.00000001', '0.000001', true),
  product('LINK', 'ETH', '0.01', '0.000001', true),
  product('AAVE', 'USD', '0.001', '0.01', false),
  product('ALGO', 'USD', '0.1', '0.0001', false),
  product('BCH', 'USD', '0.00000001', '0.01', false),
  product('ETC', 'USD', '0.00000001', '0.01', false),
  product('FIL', 'USD', '0.001', '0.001', false),
  product('MKR', 'USD', '0.000001', '0.01', false),
  product('XTZ', 'USD', '0.01', '0.001', false),
  product('ZEC', 'USD', '0.00001', '0.01', false),
  product('COMP', 'USD', '0.001', '0.01', false),
  product('GRT', 'USD', '0.01', '0.0001', false),
  product('SHIB', 'USD', '1', '0.00000001', false),
  product('NEAR', 'USD', '0.001', '0.001', false),
  product('ICP', 'USD', '0.0001', '0.001', false),
  product('XRP', 'USD', '0.000001', '0.0001', false),
  product('USDT', 'USD', '0.01', '0.00001', false),
  product('USDC', 'EUR', '0.01', '0.000001', false),
  product('BTC', 'EUR', '0.00000001', '0.01', false),
  product('ETH', 'EUR', '0.00000001', '0.01', false),
];
