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
  /** batchId is null when the file holds no transaction: nothing was recorded. */
  | { ok: true; batchId: number | null; format: ImportFormatId; added: number; skipped: number; rows: number }
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
  /** Transactions it stores: those it added, and those an undone batch handed to it. */
  added: number;
  /** Rows it skipped as already stored by another batch. */
  skipped: number;
  undoneAt: number | null;
  /** Of those it stores, how many another import or sync still in effect also holds: undoing it keeps them. */
  keptOnUndo: number;
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
  method: LotMethodId;
  basis: PoolModeId;
  timeZone: string;
  shortTerm: TermSummaryView;
  longTerm: TermSummaryView;
  income: string;
  warnings: { code: string; message: string }[];
}

export type LotMethodId = 'fifo' | 'lifo' | 'hifo' | 'lofo';
export type PoolModeId = 'universal' | 'per-wallet' | 'auto';

export interface AppSettings {
  country: 'US';
  timeZone: string;
  /** ISO 4217; USD is the only report currency Form 8949 accepts. */
  currency: 'USD';
  /** False until the user has confirmed the first-run screen. */
  configured: boolean;
}

export interface ExchangeChoice {
  /** ccxt id, e.g. "kraken". */
  id: string;
  name: string;
  /** Whether Lotwise has a tuned sync for it (else ccxt's unified calls). */
  tuned: boolean;
}

export interface KeyCheckView {
  account: string;
  ok: boolean;
  /** null when the exchange does not say. */
  canTrade: boolean | null;
  canWithdraw: boolean | null;
  /** Plain-language findings ("This key can withdraw: …"), empty for a read-only key. */
  warnings: string[];
  message: string | null;
}

/** Where a key is kept: the OS keychain (safeStorage), the passphrase vault, or memory only. */
export type KeyStorageChoice = 'os' | 'passphrase' | 'session';

export type KeySaveOutcome =
  | { status: 'stored'; storage: KeyStorageChoice }
  /** Linux without a keyring: the key is not stored until the user picks one of these. */
  | { status: 'needs-choice'; backend: string; choices: KeyStorageChoice[]; message: string };

/** keys.unlock: a passphrase that does not open the vault is an answer, said beside the field. */
export type VaultUnlockOutcome = { status: 'unlocked' } | { status: 'refused'; message: string };

export type KeyForgetOutcome =
  | { status: 'forgotten' }
  | { status: 'not-stored' }
  /** Removed wherever it could be; the locked passphrase vault may still hold it (the message says how to remove it). */
  | { status: 'vault-locked'; message: string };

export interface TransactionFilter {
  account?: string;
  asset?: string;
  type?: string;
  /** UTC ms, inclusive. */
  from?: number;
  /** UTC ms, exclusive. */
  to?: number;
  hasProblem?: boolean;
  /** Matched against description, label, tx hash and assets. */
  search?: string;
}

export type TransactionSortKey = 'timestamp' | 'account' | 'type' | 'sentAmount' | 'receivedAmount';

export interface TransactionRowView {
  id: number;
  timestamp: number;
  account: string;
  type: string;
  label: string | null;
  sentAmount: string | null;
  sentAsset: string | null;
  receivedAmount: string | null;
  receivedAsset: string | null;
  feeAmount: string | null;
  feeAsset: string | null;
  /** Fair market value in the report currency, when known. */
  value: string | null;
  description: string | null;
  txHash: string | null;
  source: 'csv' | 'api' | 'manual';
  /** Review kinds that concern this transaction. */
  problems: ReviewKind[];
  /** The other side, when linked as a transfer. */
  linkedTo: number | null;
}

export interface TransactionPage {
  total: number;
  offset: number;
  rows: TransactionRowView[];
}

/** A transaction as saved by an edit or a manual entry, with the change that undoes it. */
export interface SavedTransaction {
  transaction: TransactionRowView;
  changeId: number;
}

export interface ManualTransaction {
  account: string;
  timestamp: number;
  type: string;
  sent?: { amount: string; asset: string };
  received?: { amount: string; asset: string };
  fee?: { amount: string; asset: string };
  /** FMV in the report currency, e.g. the cost of a missing acquisition. */
  value?: string;
  description?: string;
}

/** One entry of the audit trail: every user change, undoable. */
export interface ChangeView {
  id: number;
  at: number;
  kind: 'edit' | 'link' | 'unlink' | 'manual' | 'price' | 'dismiss' | 'pick' | 'choice';
  summary: string;
  undoneAt: number | null;
}

export type ReviewKind = 'missing-cost-basis' | 'unmatched-transfer' | 'missing-price' | 'negative-balance';

export const REVIEW_KINDS: readonly ReviewKind[] = ['missing-cost-basis', 'unmatched-transfer', 'missing-price', 'negative-balance'];

export interface ReviewItemView {
  /** Stable across recomputes: what a dismissal refers to. */
  key: string;
  kind: ReviewKind;
  transactionId: number | null;
  account: string | null;
  asset: string | null;
  amount: string | null;
  timestamp: number | null;
  message: string;
  /** For an unmatched transfer: transactions that could be its other side, best first. */
  candidates: TransactionRowView[];
}

export interface ReviewView {
  year: number | null;
  /** Every open problem, by kind. */
  counts: Record<ReviewKind, number>;
  /** Oldest first; of a kind with many problems only the first ones (fewer than its count). */
  items: ReviewItemView[];
  dismissed: number;
}

export interface YearChoiceView {
  year: number;
  method: LotMethodId;
  basis: PoolModeId;
}

export interface TaxChartsView {
  /** Twelve entries, "2025-01" … "2025-12". */
  gainByMonth: { month: string; shortTerm: string; longTerm: string }[];
  gainByAsset: { asset: string; gain: string; proceeds: string }[];
  /** Month-end quantities held per asset, valued only when a price for that moment is known. */
  holdings: { date: string; asset: string; quantity: string; value: string | null }[];
}

export interface DisposalLotView {
  lotId: string | null;
  acquiredDate: string;
  acquisitionTransactionId: number | null;
  quantity: string;
  costBasis: string;
  proceeds: string;
  gain: string;
  term: 'short' | 'long';
  missingBasis: boolean;
}

export interface DisposalView {
  transactionId: number;
  disposedDate: string;
  account: string;
  asset: string;
  quantity: string;
  proceeds: string;
  costBasis: string;
  gain: string;
  /** The lots behind this disposal, in the order they were used. */
  lots: DisposalLotView[];
  /** True when the user picked the lots (Specific ID). */
  picked: boolean;
}

export interface DisposalPage {
  total: number;
  offset: number;
  rows: DisposalView[];
}

export interface LotChoiceView {
  lotId: string;
  acquiredDate: string;
  account: string;
  /** What is left of the lot just before this disposal. */
  available: string;
  costPerUnit: string;
}

export interface ExportFormatView {
  id: string;
  label: string;
  /** The software that imports it, in the user's words ("TurboTax Online and Desktop"). */
  software: string;
}

export interface ExportedFileView {
  format: string;
  path: string;
  rows: number;
  proceeds: string | null;
  costBasis: string | null;
  gain: string | null;
}

/** Name → request and response of every call core serves. */
export interface CoreCalls {
  'ledger.status': { request: Record<string, never>; response: LedgerStatus };
  'ledger.loadDemo': { request: Record<string, never>; response: DemoLoaded };
  'settings.get': { request: Record<string, never>; response: AppSettings };
  'settings.save': { request: { timeZone: string; country: 'US'; currency: 'USD' }; response: AppSettings };
  'accounts.list': { request: Record<string, never>; response: AccountView[] };
  /** Every exchange ccxt supports, for the searchable list. */
  'accounts.exchanges': { request: Record<string, never>; response: ExchangeChoice[] };
  /** Creates an exchange account; its key is saved through main's keys.save. */
  'accounts.addExchange': { request: { name: string; exchange: string }; response: AccountView };
  /** Asks the exchange what the stored key may do. */
  'accounts.checkKey': { request: { account: string }; response: KeyCheckView };
  /** A file the user picked in main's open dialog: what it holds and what is wrong in it. */
  'imports.preview': { request: { path: string; format?: ImportFormatId | 'auto' }; response: ImportPreview };
  'imports.file': { request: { path: string; account: string; format?: ImportFormatId | 'auto' }; response: ImportOutcome };
  'imports.batches': { request: Record<string, never>; response: BatchView[] };
  /** kept: transactions another import or sync still in effect also holds, which now belong to it. */
  'imports.undo': { request: { batchId: number }; response: { removed: number; kept: number } };
  /** Syncs an exchange account; progress arrives as sync.progress events. */
  'sync.start': { request: { account: string }; response: SyncOutcomeView };
  'sync.cancel': { request: { account: string }; response: { cancelling: boolean } };
  'transactions.page': {
    request: { offset: number; limit: number; filter?: TransactionFilter; sort?: { key: TransactionSortKey; direction: 'asc' | 'desc' } };
    response: TransactionPage;
  };
  /** Distinct values for the filters. */
  'transactions.facets': { request: Record<string, never>; response: { accounts: string[]; assets: string[]; types: string[] } };
  'transactions.edit': { request: { id: number; type?: string; label?: string | null; description?: string | null }; response: SavedTransaction };
  'transactions.link': { request: { withdrawalId: number; depositId: number }; response: { changeId: number } };
  'transactions.unlink': { request: { withdrawalId: number }; response: { changeId: number } };
  'transactions.add': { request: ManualTransaction; response: SavedTransaction };
  'changes.list': { request: { limit?: number }; response: ChangeView[] };
  'changes.undo': { request: { changeId: number }; response: ChangeView };
  'review.list': { request: { year?: number }; response: ReviewView };
  'review.dismiss': { request: { key: string; reason: string }; response: { changeId: number } };
  /** A price the user entered for a missing-price problem. */
  'prices.set': { request: { asset: string; timestamp: number; price: string }; response: { changeId: number } };
  'tax.years': { request: Record<string, never>; response: YearChoiceView[] };
  /** The year's choice as saved, and the change that saved it (for Undo). */
  'tax.setChoice': { request: YearChoiceView; response: YearChoiceView & { changeId: number } };
  'reports.summary': {
    request: { year: number; method?: LotMethodId; basis?: PoolModeId; timeZone?: string };
    response: TaxSummaryView;
  };
  'reports.charts': { request: { year: number; method?: LotMethodId; basis?: PoolModeId }; response: TaxChartsView };
  'reports.disposals': {
    request: { year: number; method?: LotMethodId; basis?: PoolModeId; offset: number; limit: number };
    response: DisposalPage;
  };
  /** This year under every method, side by side; every other year keeps its saved choice. */
  'reports.compare': { request: { year: number; basis?: PoolModeId }; response: TaxSummaryView[] };
  /** Lots a disposal could use under Specific ID. */
  'lots.available': { request: { transactionId: number; basis?: PoolModeId }; response: LotChoiceView[] };
  'lots.pick': { request: { transactionId: number; lots: { lotId: string; quantity: string }[] }; response: { changeId: number } };
  'exports.formats': { request: Record<string, never>; response: ExportFormatView[] };
  'exports.write': {
    request: { year: number; formats: string[]; folder: string; method?: LotMethodId; basis?: PoolModeId };
    response: { files: ExportedFileView[] };
  };
}

/**
 * Calls main serves itself, because they need Electron (dialogs, safeStorage). The
 * end-to-end harness stands in for them with the same shapes.
 */
export interface MainCalls {
  /** Main's open dialog for a CSV; null when cancelled. */
  'dialog.openCsv': { request: Record<string, never>; response: { path: string | null } };
  /** Main's folder dialog for exports; null when cancelled. */
  'dialog.chooseFolder': { request: Record<string, never>; response: { path: string | null } };
  /**
   * Saves an exchange key in main's vault. The key goes renderer → main only; nothing
   * ever sends it back. `storage` answers a needs-choice outcome.
   */
  'keys.save': {
    request: { account: string; apiKey: string; secret: string; password?: string; storage?: KeyStorageChoice; passphrase?: string };
    response: KeySaveOutcome;
  };
  /**
   * Opens the passphrase vault for this session with the passphrase the user typed, so a
   * key kept there can be handed to core again (one sync or key check at a time).
   */
  'keys.unlock': { request: { passphrase: string }; response: VaultUnlockOutcome };
  'keys.forget': { request: { account: string }; response: KeyForgetOutcome };
}

export type Calls = CoreCalls & MainCalls;

export type CallName = keyof Calls;
export type CoreCallName = keyof CoreCalls;
export type MainCallName = keyof MainCalls;
export type CallRequest<K extends CallName> = Calls[K]['request'];
export type CallResponse<K extends CallName> = Calls[K]['response'];

/** Events core emits, name → payload. */
export interface Events {
  'import.progress': { rowsRead: number };
  'sync.progress': {
    account: string;
    /** The stream being read (trades, deposits, ...): streams run one after another. */
    stream: string;
    /** 1-based. */
    streamNumber: number;
    streams: number;
    /** Records read so far in this sync, all streams together. */
    records: number;
    /** Records a second over the sync so far. */
    rate: number;
    /** How far through the current stream, 0–1, when the exchange lets Lotwise tell; null otherwise. */
    streamFraction: number | null;
    /** Seconds left in the current stream only (later streams' sizes are unknown); null until core can estimate it. */
    etaSeconds: number | null;
    retrying: string | null;
  };
  /**
   * Sent by main: a sync or key check needed the account's key and main could not hand it
   * over (none stored, the passphrase vault is locked, the OS keychain cannot decrypt it or
   * is not the one it was stored with). The ledger is untouched. `locked`: ask for the
   * vault's passphrase (keys.unlock); otherwise ask the user to enter the key again.
   */
  'keys.reentryNeeded': { account: string; reason: 'missing' | 'locked' | 'unreadable' | 'backend-changed' };
  /**
   * Sent by main: the user dropped a file from their disk on the window. The page cannot
   * read a dropped file's path itself; the preload reads it from the real drop, and main
   * accepts it as picked, so imports.preview and imports.file may read it.
   */
  'files.dropped': { path: string; name: string };
}

export type EventName = keyof Events;

export const CORE_CALL_NAMES: readonly CoreCallName[] = [
  'ledger.status',
  'ledger.loadDemo',
  'settings.get',
  'settings.save',
  'accounts.list',
  'accounts.exchanges',
  'accounts.addExchange',
  'accounts.checkKey',
  'imports.preview',
  'imports.file',
  'imports.batches',
  'imports.undo',
  'sync.start',
  'sync.cancel',
  'transactions.page',
  'transactions.facets',
  'transactions.edit',
  'transactions.link',
  'transactions.unlink',
  'transactions.add',
  'changes.list',
  'changes.undo',
  'review.list',
  'review.dismiss',
  'prices.set',
  'tax.years',
  'tax.setChoice',
  'reports.summary',
  'reports.charts',
  'reports.disposals',
  'reports.compare',
  'lots.available',
  'lots.pick',
  'exports.formats',
  'exports.write',
];
export const MAIN_CALL_NAMES: readonly MainCallName[] = ['dialog.openCsv', 'dialog.chooseFolder', 'keys.save', 'keys.unlock', 'keys.forget'];
export const CALL_NAMES: readonly CallName[] = [...CORE_CALL_NAMES, ...MAIN_CALL_NAMES];
export const EVENT_NAMES: readonly EventName[] = ['import.progress', 'sync.progress', 'keys.reentryNeeded', 'files.dropped'];

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
