// Accounts: where the history comes from. The accounts with their counts and syncs, the
// key that needs entering again or the vault that needs unlocking (when main says so),
// adding an exchange, importing a CSV, and the history of imports and syncs with Undo.
import { useCallback, useEffect, useState } from 'react';
import type { AccountView, BatchView, Events } from '../../../shared/api.ts';
import { call, messageOf, onEvent } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { AccountList, useAccountSync } from './accounts/account-list.tsx';
import { AddExchange } from './accounts/add-exchange.tsx';
import { CsvImport } from './accounts/csv-import.tsx';
import { ImportHistory } from './accounts/import-history.tsx';
import { KeyForm } from './accounts/key-form.tsx';
import { isSyncing } from './accounts/sync-store.ts';
import { UnlockVaultForm } from './accounts/unlock-vault-form.tsx';

type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; value: T };

const REENTRY_REASONS = {
  missing: 'Lotwise has no key for it on this computer.',
  unreadable: 'The stored key could not be decrypted.',
  'backend-changed': 'The key was stored with a keychain this computer no longer uses.',
} as const;

/** What main could not hand over, and whether a sync waits for it (to run once it can). */
type KeyRequest = Events['keys.reentryNeeded'] & { forSync: boolean };

export function AccountsScreen({ settings }: ScreenProps) {
  const [view, setView] = useState<Loaded<AccountView[]>>({ state: 'loading' });
  const [history, setHistory] = useState<Loaded<BatchView[]>>({ state: 'loading' });
  const [keyRequest, setKeyRequest] = useState<KeyRequest | null>(null);

  // The accounts and the import history load apart: each panel shows its own state, and
  // one that fails does not blank the other.
  const loadAccounts = useCallback(async () => {
    try {
      setView({ state: 'ready', value: await call('accounts.list', {}) });
    } catch (error) {
      setView({ state: 'error', message: messageOf(error) });
    }
  }, []);
  const loadHistory = useCallback(async () => {
    try {
      setHistory({ state: 'ready', value: await call('imports.batches', {}) });
    } catch (error) {
      setHistory({ state: 'error', message: messageOf(error) });
    }
  }, []);

  useEffect(() => {
    void loadAccounts();
    void loadHistory();
  }, [loadAccounts, loadHistory]);

  // Heard while the sync that needs the key is still waiting for core's answer.
  useEffect(() => onEvent('keys.reentryNeeded', (event) => setKeyRequest({ ...event, forSync: isSyncing(event.account) })), []);

  const accounts = view.state === 'ready' ? view.value : [];
  const refresh = () => {
    void loadAccounts();
    void loadHistory();
  };
  const sync = useAccountSync(refresh);
  return (
    <section aria-labelledby="accounts-heading">
      <h2 id="accounts-heading" tabIndex={-1}>
        Accounts
      </h2>
      {view.state === 'loading' && <LoadingState what="your accounts" />}
      {view.state === 'error' && <ErrorState what="Your accounts could not be loaded." message={view.message} onRetry={() => void loadAccounts()} />}
      {view.state === 'ready' &&
        (view.value.length === 0 ? (
          <EmptyState title="No accounts yet">
            <p>Add an exchange to download its history, or import a CSV export below.</p>
          </EmptyState>
        ) : (
          <AccountList accounts={view.value} timeZone={settings.timeZone} onChanged={refresh} />
        ))}
      <AddExchange accounts={accounts} onAdded={refresh} />
      <CsvImport accounts={accounts} timeZone={settings.timeZone} onImported={refresh} />
      <section aria-labelledby="history-heading" className="panel">
        <h3 id="history-heading" tabIndex={-1}>
          Import history
        </h3>
        {history.state === 'loading' && <LoadingState what="the import history" />}
        {history.state === 'error' && (
          <ErrorState what="The import history could not be loaded." message={history.message} onRetry={() => void loadHistory()} />
        )}
        {history.state === 'ready' && <ImportHistory batches={history.value} timeZone={settings.timeZone} onChanged={refresh} />}
      </section>
      <Dialog
        open={keyRequest !== null && keyRequest.reason === 'locked'}
        title="Unlock your key vault"
        description={
          keyRequest
            ? `Lotwise needs the key for ${keyRequest.account} from the vault locked with your passphrase. Type the passphrase once and the vault stays open until Lotwise quits. Nothing in your ledger changed.`
            : undefined
        }
        onClose={() => setKeyRequest(null)}
      >
        {keyRequest?.reason === 'locked' && (
          <UnlockVaultForm
            submitLabel={keyRequest.forSync ? `Unlock and sync ${keyRequest.account}` : 'Unlock'}
            onUnlocked={() => {
              setKeyRequest(null);
              if (keyRequest.forSync) void sync(keyRequest.account);
            }}
          />
        )}
      </Dialog>
      <Dialog
        open={keyRequest !== null && keyRequest.reason !== 'locked'}
        title={`Enter the key for ${keyRequest?.account ?? ''} again`}
        description={keyRequest && keyRequest.reason !== 'locked' ? `${REENTRY_REASONS[keyRequest.reason]} Nothing in your ledger changed.` : undefined}
        onClose={() => setKeyRequest(null)}
      >
        {keyRequest && keyRequest.reason !== 'locked' && <KeyForm account={keyRequest.account} onDone={refresh} />}
      </Dialog>
    </section>
  );
}
