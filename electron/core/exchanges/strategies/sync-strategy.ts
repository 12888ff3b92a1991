// The shape every exchange integration has: one module per exchange (binance.ts,
// coinbase.ts, kraken.ts) plus generic.ts for every other ccxt exchange, registered in
// index.ts. A strategy lists an account's streams and reads a key's permissions.
import type { AccountSettings } from '../../ledger/accounts.ts';
import type { ExchangeClient } from '../exchange-client.ts';
import type { ExchangeCall, SyncStream } from '../sync-stream.ts';

/** What a key may do, as the exchange reports it; null where the exchange does not say. */
export interface KeyPermissions {
  canRead: boolean;
  canTrade: boolean | null;
  canWithdraw: boolean | null;
  /** Where the answer came from: "Binance apiRestrictions". */
  source: string;
}

export interface StrategyContext {
  client: ExchangeClient;
  settings: AccountSettings;
  call: ExchangeCall;
  /** Now, for time windows (injectable for tests). */
  now: () => number;
  /** Every asset the account's stored transactions mention, read when called. */
  storedAssets: () => string[];
}

export interface SyncStrategy {
  /** The streams of a full sync, in the order they run. */
  streams(context: StrategyContext): Promise<SyncStream[]>;
  /** A cheap private call that proves the key works, and the key's permissions if the exchange tells. */
  checkKey(context: StrategyContext): Promise<KeyPermissions | null>;
}
