// Creating the ccxt client for an account. ccxt is loaded here on first use only, so
// commands that never talk to an exchange never pay for it.
import type { Exchange } from 'ccxt';
import type { Credentials } from '../secrets/secret-vault.ts';
import { overrideApiUrls } from './api-url-override.ts';

export type ExchangeClient = Exchange;

export class UnknownExchangeError extends Error {
  override name = 'UnknownExchangeError';
}

export async function exchangeIds(): Promise<string[]> {
  const ccxt = (await import('ccxt')).default;
  return [...ccxt.exchanges];
}

export interface ClientOptions {
  /** Base-URL override (sandboxes, the fake exchanges); see api-url-override.ts. */
  apiUrl?: string | null;
  /** ccxt's own request throttling; on by default, off for benchmarks on loopback. */
  rateLimit?: boolean;
  /** Milliseconds before a request counts as timed out. */
  timeoutMs?: number;
}

export async function createExchangeClient(exchangeId: string, credentials: Credentials | null, options: ClientOptions = {}): Promise<ExchangeClient> {
  const ccxt = (await import('ccxt')).default;
  if (!ccxt.exchanges.includes(exchangeId)) {
    throw new UnknownExchangeError(`"${exchangeId}" is not an exchange Lotwise knows (ccxt ids such as binance, coinbase, kraken).`);
  }
  const ExchangeClass = (ccxt as unknown as Record<string, new (config: object) => ExchangeClient>)[exchangeId]!;
  const client = new ExchangeClass({
    enableRateLimit: options.rateLimit ?? true,
    timeout: options.timeoutMs ?? 30_000,
    ...(credentials
      ? {
          apiKey: credentials.apiKey,
          secret: credentials.secret,
          ...(credentials.password ? { password: credentials.password } : {}),
          ...(credentials.uid ? { uid: credentials.uid } : {}),
        }
      : {}),
  });
  if (options.apiUrl) {
    client.urls['api'] = overrideApiUrls(client.urls['api'] as never, options.apiUrl);
    signForOriginalHost(client, options.apiUrl);
  }
  return client;
}

/**
 * Exchanges that sign the request URL into a token (Coinbase's JWT `uri` claim) must name
 * the host the request is meant for, not the override's: the server behind the override
 * checks the token as the exchange would.
 */
function signForOriginalHost(client: ExchangeClient, apiUrl: string): void {
  const withToken = client as ExchangeClient & { createAuthToken?: (seconds: number, method?: string, url?: string, ...rest: unknown[]) => string };
  if (typeof withToken.createAuthToken !== 'function') return;
  const base = apiUrl.replace(/\/+$/, '');
  const original = withToken.createAuthToken.bind(client);
  withToken.createAuthToken = (seconds, method, url, ...rest) =>
    original(seconds, method, url !== undefined && url.startsWith(`${base}/`) ? `https://${url.slice(base.length + 1)}` : url, ...rest);
}
