// Which links may leave the app for the user's browser: https pages of the exchanges whose
// API-key settings the app sends people to, and the IRS. Everything else a page tries to
// open (other schemes, other hosts, look-alike hosts) is dropped, so a link in imported
// data can never launch a local program or a phishing page from inside Lotwise.

/** Exact host names (no wildcards: `kraken.com.evil.com` must not pass). */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  'www.kraken.com',
  'support.kraken.com',
  'www.binance.com',
  'www.binance.us',
  'www.coinbase.com',
  'help.coinbase.com',
  'portal.cdp.coinbase.com',
  'www.irs.gov',
]);

/**
 * The URL to hand to the system browser, or null when the link must not be opened. Parsed
 * with `new URL` so the host compared is the one the browser would contact, whatever
 * credentials, ports, encodings or backslashes the text carries.
 */
export function externalLinkTarget(url: string, allowed: ReadonlySet<string> = EXTERNAL_LINK_HOSTS): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return null;
  return allowed.has(parsed.hostname) ? parsed.href : null;
}
