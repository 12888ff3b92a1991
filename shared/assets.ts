// Asset symbols: normalisation and which symbols are fiat money.
// Fiat legs are not lots: a trade with a fiat leg is a buy or a sell, and its fiat leg
// gives the trade's value.

const FIAT = new Set([
  'USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'JPY', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN',
  'CZK', 'HUF', 'SGD', 'HKD', 'KRW', 'INR', 'BRL', 'MXN', 'ZAR', 'TRY', 'RUB', 'UAH',
  'NGN', 'ARS', 'CLP', 'COP', 'PHP', 'IDR', 'THB', 'VND', 'MYR', 'AED', 'ILS', 'CNY', 'TWD',
]);

// Exchanges spell some assets their own way; these are the spellings seen in exports.
const ALIASES: Record<string, string> = {
  XBT: 'BTC',
  XXBT: 'BTC',
  XETH: 'ETH',
  XXDG: 'DOGE',
  XDG: 'DOGE',
  XLTC: 'LTC',
  XXRP: 'XRP',
  XXLM: 'XLM',
  XXMR: 'XMR',
  XETC: 'ETC',
  XZEC: 'ZEC',
  XREP: 'REP',
  XMLN: 'MLN',
  ZUSD: 'USD',
  ZEUR: 'EUR',
  ZGBP: 'GBP',
  ZCAD: 'CAD',
  ZJPY: 'JPY',
  ZAUD: 'AUD',
  ZCHF: 'CHF',
};

/** Upper-cased, trimmed, with exchange-specific spellings mapped to the common symbol. */
export function normalizeAsset(symbol: string): string {
  const upper = symbol.trim().toUpperCase();
  return ALIASES[upper] ?? upper;
}

export function isFiat(asset: string): boolean {
  return FIAT.has(asset);
}
