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
  if (options.apiUrl) client.urls['api'] = overrideApiUrls(client.urls['api'] as never, options.apiUrl);
  return client;
}
