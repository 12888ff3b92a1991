// What Electron main serves itself (shared/api.ts MainCalls), stood in for by the
// end-to-end harness, which has no Electron: the open and folder dialogs answer what the
// test says the user picked, and keys.save keeps keys in this process's memory, the way
// main's vault keeps them out of the page and out of the ledger. Like main, it files a key
// under the credential reference core gave the account (electron/core/process-messages.ts),
// hands it to core on request for one sync, and tells the page (keys.reentryNeeded) when
// a sync asked for a key it does not have.
//
// Requests are checked with the same schema combinators core's dispatcher uses, so a
// malformed call gets the same `bad-request` answer it would get from main.
import type { CallRequest, CallResponse, CallResult, Events, KeySaveOutcome, KeyStorageChoice, MainCallName } from '../../../shared/api.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { object, oneOf, optional, string, type Schema } from '../../../electron/core/handlers/validate.ts';
import { findAccount, listAccounts } from '../../../electron/core/ledger/accounts.ts';
import type { Credentials } from '../../../electron/core/secrets/secret-vault.ts';

const STORAGE_CHOICES = ['os', 'passphrase', 'session'] as const satisfies readonly KeyStorageChoice[];
const ACCOUNT = string({ nonEmpty: true });

const MAIN_REQUEST_SCHEMAS: { [K in MainCallName]: Schema<CallRequest<K>> } = {
  'dialog.openCsv': object({}),
  'dialog.chooseFolder': object({}),
  'keys.save': object({
    account: ACCOUNT,
    apiKey: string({ nonEmpty: true }),
    secret: string({ nonEmpty: true }),
    password: optional(string()),
    storage: optional(oneOf(STORAGE_CHOICES)),
    passphrase: optional(string()),
  }),
  'keys.forget': object({ account: ACCOUNT }),
};

/** What the dialogs answer next; each answer is used once, then the dialog is "cancelled". */
export interface DialogAnswers {
  /** The CSV the user picks in the next open dialog (null: they cancel it). */
  nextCsv: string | null;
  /** The folder the user picks in the next folder dialog (null: they cancel it). */
  nextFolder: string | null;
  /** How many times each dialog was opened. */
  readonly opened: { csv: number; folder: number };
}

/**
 * Which secret store main finds. 'os': a real keychain (macOS, Windows, a Linux keyring).
 * 'basic_text': Linux without a keyring, where Electron's safeStorage would only
 * obfuscate, so main asks the user where to keep the key instead of storing it.
 */
export type KeyBackend = 'os' | 'basic_text';

export interface MainStandIn {
  dialogs: DialogAnswers;
  keyBackend: KeyBackend;
  /** Whether a key is held for this account (never the key itself). */
  hasKey(account: string): boolean;
  /** Where the account's key was kept, for assertions on the needs-choice path. */
  storageOf(account: string): KeyStorageChoice | null;
  /** Serves one main call; the name must be one of MAIN_CALL_NAMES. */
  serve(name: MainCallName, request: unknown): Promise<CallResult<MainCallName>>;
  /** Core's credential hand-off: the key filed under `ref`, or null (and the page is told). */
  credentials(ref: string): Promise<Credentials | null>;
}

/** A call main refuses, with the message the user would see. */
class MainRefusal extends Error {
  readonly code: 'not-found' | 'failed';

  constructor(code: 'not-found' | 'failed', message: string) {
    super(message);
    this.code = code;
  }
}

interface HeldKey {
  credentials: Credentials;
  storage: KeyStorageChoice;
}

type EmitReentry = (name: 'keys.reentryNeeded', payload: Events['keys.reentryNeeded']) => void;

export function createMainStandIn(db: Database, emit: EmitReentry): MainStandIn {
  /** By credential reference, as main's vault files them. */
  const keys = new Map<string, HeldKey>();
  /** The reference core files an exchange account's key under (what main asks core for). */
  const refOf = (account: string): string | null => {
    const found = findAccount(db, account);
    return found?.kind === 'exchange' ? found.credentialRef : null;
  };
  const opened = { csv: 0, folder: 0 };
  const dialogs: DialogAnswers = { nextCsv: null, nextFolder: null, opened };

  const handlers: { [K in MainCallName]: (request: CallRequest<K>) => CallResponse<K> } = {
    'dialog.openCsv'() {
      opened.csv += 1;
      const path = dialogs.nextCsv;
      dialogs.nextCsv = null;
      return { path };
    },
    'dialog.chooseFolder'() {
      opened.folder += 1;
      const path = dialogs.nextFolder;
      dialogs.nextFolder = null;
      return { path };
    },
    'keys.save'({ account, apiKey, secret, password, storage, passphrase }): KeySaveOutcome {
      const ref = refOf(account);
      if (ref === null) throw new MainRefusal('not-found', `There is no exchange account named "${account}" to keep a key for.`);
      if (standIn.keyBackend === 'basic_text' && (storage === undefined || storage === 'os')) {
        return {
          status: 'needs-choice',
          backend: 'basic_text',
          choices: ['passphrase', 'session'],
          message:
            'This computer has no keyring, so the key cannot be kept safely by the system. Keep it in a vault locked with a passphrase, or only until Lotwise closes.',
        };
      }
      if (storage === 'passphrase' && !passphrase) throw new MainRefusal('failed', 'Choose a passphrase for the key vault.');
      const kept = storage ?? 'os';
      keys.set(ref, { credentials: { apiKey, secret, ...(password ? { password } : {}) }, storage: kept });
      return { status: 'stored', storage: kept };
    },
    'keys.forget'({ account }) {
      const ref = refOf(account);
      return { forgotten: ref !== null && keys.delete(ref) };
    },
  };

  const standIn: MainStandIn = {
    dialogs,
    keyBackend: 'os',
    hasKey: (account) => keys.has(refOf(account) ?? ''),
    storageOf: (account) => keys.get(refOf(account) ?? '')?.storage ?? null,
    async serve(name, request) {
      const schema = MAIN_REQUEST_SCHEMAS[name] as Schema<unknown>;
      const checked = schema(request, 'request');
      if (!checked.ok) return { ok: false, error: { code: 'bad-request', message: `${name}: ${checked.message}` } };
      const handler = handlers[name] as (request: unknown) => CallResponse<MainCallName>;
      try {
        return { ok: true, value: handler(checked.value) };
      } catch (error) {
        if (error instanceof MainRefusal) return { ok: false, error: { code: error.code, message: error.message } };
        throw error;
      }
    },
    async credentials(ref) {
      const held = keys.get(ref);
      if (held) return held.credentials;
      const account = listAccounts(db).find((a) => a.credentialRef === ref);
      if (account) emit('keys.reentryNeeded', { account: account.name, reason: 'missing' });
      return null;
    },
  };
  return standIn;
}
