// The contract between the renderer and core: every call's name, request and response,
// and the events core emits. Core implements it (electron/core/handlers), main relays it,
// the preload allow-lists exactly these names, and the end-to-end harness binds the real
// handlers into the page under the same names.
import type { ImportFormatId } from './import-formats.ts';

export interface AccountSummary {
  name: string;
  transactions: number;
}

export interface LedgerStatus {
  accounts: AccountSummary[];
  transactions: number;
}

export interface DemoLoaded {
  accounts: number;
  added: number;
}

export interface AccountView {
  id: number;
  name: string;
  kind: 'exchange' | 'wallet' | 'file';
  exchange: string | null;
  /** Whether a key is stored for it (never the key itself). */
  hasKey: boolean;
  lastSyncAt: number | null;
  transactions: number;
}

export interface ImportProblemView {
  file: string;
  line: number;
  column: string | null;
  columnNumber: number | null;
  value: string | null;
  message: string;
}

export type ImportOutcome =
  | { ok: true; batchId: number; format: ImportFormatId; added: number; skipped: number; rows: number }
  | { ok: false; format: ImportFormatId | null; problems: ImportProblemView[]; problemCount: number };

export interface ImportPreview {
  format: ImportFormatId | null;
  header: string[];
  /** The first transactions the file makes, as they would be stored. */
  transactions: { line: number; type: string; timestamp: number; sent: string | null; received: string | null; fee: string | null }[];
  problems: ImportProblemView[];
  problemCount: number;
  rows: number;
}

export interface BatchView {
  id: number;
  account: string;
  source: 'csv' | 'api' | 'manual';
  format: string | null;
  fileName: string | null;
  startedAt: number;
  added: number;
  skipped: number;
  undoneAt: number | null;
}

export interface SyncOutcomeView {
  account: string;
  status: 'complete' | 'cancelled' | 'failed' | 'incomplete';
  added: number;
  skipped: number;
  batchId: number;
  message: string | null;
}

export interface TermSummaryView {
  proceeds: string;
  costBasis: string;
  gain: string;
}

export interface TaxSummaryView {
  year: number;
  method: 'fifo' | 'lifo' | 'hifo' | 'lofo';
  basis: 'universal' | 'per-wallet' | 'auto';
  timeZone: string;
  shortTerm: TermSummaryView;
  longTerm: TermSummaryView;
  income: string;
  warnings: { code: string; message: string }[];
}

/** Name → request and response of every call. */
export interface Calls {
  'ledger.status': { request: Record<string, never>; response: LedgerStatus };
  'ledger.loadDemo': { request: Record<string, never>; response: DemoLoaded };
  'accounts.list': { request: Record<string, never>; response: AccountView[] };
  /** A file the user picked in main's open dialog: what it holds and what is wrong in it. */
  'imports.preview': { request: { path: string; format?: ImportFormatId | 'auto' }; response: ImportPreview };
  'imports.file': { request: { path: string; account: string; format?: ImportFormatId | 'auto' }; response: ImportOutcome };
  'imports.batches': { request: Record<string, never>; response: BatchView[] };
  'imports.undo': { request: { batchId: number }; response: { removed: number } };
  /** Syncs an exchange account; progress arrives as sync.progress events. */
  'sync.start': { request: { account: string }; response: SyncOutcomeView };
  'sync.cancel': { request: { account: string }; response: { cancelling: boolean } };
  'reports.summary': {
    request: { year: number; method?: 'fifo' | 'lifo' | 'hifo' | 'lofo'; basis?: 'universal' | 'per-wallet' | 'auto'; timeZone?: string };
    response: TaxSummaryView;
  };
}

export type CallName = keyof Calls;
export type CallRequest<K extends CallName> = Calls[K]['request'];
export type CallResponse<K extends CallName> = Calls[K]['response'];

/** Events core emits, name → payload. */
export interface Events {
  'import.progress': { rowsRead: number };
  'sync.progress': {
    account: string;
    stream: string;
    streamNumber: number;
    streams: number;
    records: number;
    rate: number;
    etaSeconds: number | null;
    retrying: string | null;
  };
}

export type EventName = keyof Events;

export const CALL_NAMES: readonly CallName[] = [
  'ledger.status',
  'ledger.loadDemo',
  'accounts.list',
  'imports.preview',
  'imports.file',
  'imports.batches',
  'imports.undo',
  'sync.start',
  'sync.cancel',
  'reports.summary',
];
export const EVENT_NAMES: readonly EventName[] = ['import.progress', 'sync.progress'];

/** A call that failed: what the renderer shows, never a stack trace. */
export interface CallError {
  code: 'bad-request' | 'not-found' | 'failed';
  message: string;
}

export type CallResult<K extends CallName> = { ok: true; value: CallResponse<K> } | { ok: false; error: CallError };

/** What the preload puts on window.lotwise. */
export interface LotwiseBridge {
  invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResult<K>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}
