// The accounts in the ledger: what kind each is, how many transactions it holds, when an
// exchange last synced, and for exchanges a Sync button with live progress, an estimate
// of the time left, and Cancel. A finished sync is announced with an Undo for its batch.
import { useState } from 'react';
import type { AccountView, SyncOutcomeView } from '../../../../shared/api.ts';
import { call } from '../../api.ts';
import { formatCount, formatDateTime, formatDuration, plural } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { useNotices, type NoticeInput } from '../../ui/notices.tsx';
import { ProgressBar } from '../../ui/progress.tsx';
import { KeyForm } from './key-form.tsx';
import { cancelSync, startSync, useRunningSyncs, type RunningSync } from './sync-store.ts';

const KIND_LABELS: Record<AccountView['kind'], string> = { exchange: 'Exchange (API)', wallet: 'Wallet', file: 'CSV imports' };

/**
 * Syncs an account and announces the outcome. A sync that needed a key main could not hand
 * over is not announced: the dialog asking for the key or passphrase says what happened.
 */
export function useAccountSync(onChanged: () => void): (account: string) => Promise<void> {
  const { notify } = useNotices();
  return async (account) => {
    const result = await startSync(account);
    onChanged();
    if (result.ok) notify(syncNotice(result.outcome, onChanged));
    else if (!result.keyNeeded) notify({ message: `${account} did not sync: ${result.message}`, tone: 'error' });
  };
}

export function AccountList({ accounts, timeZone, onChanged }: { accounts: readonly AccountView[]; timeZone: string; onChanged: () => void }) {
  const { notify } = useNotices();
  const syncs = useRunningSyncs();
  const [keyFor, setKeyFor] = useState<string | null>(null);
  const sync = useAccountSync(onChanged);

  async function cancel(account: string) {
    try {
      await cancelSync(account);
    } catch (error) {
      notify({ message: `The sync of ${account} could not be cancelled: ${error instanceof Error ? error.message : ''}`, tone: 'error' });
    }
  }

  return (
    <>
      <table className="data-table accounts-table">
        <caption>Your accounts</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Kind</th>
            <th scope="col" className="number">
              Transactions
            </th>
            <th scope="col">Last sync</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => {
            const running = syncs.get(account.name);
            return (
              <tr key={account.id}>
                <th scope="row">{account.name}</th>
                <td>
                  {KIND_LABELS[account.kind]}
                  {account.exchange && <span className="muted"> · {account.exchange}</span>}
                </td>
                <td className="number">{formatCount(account.transactions)}</td>
                <td>{account.kind === 'exchange' ? (account.lastSyncAt ? formatDateTime(account.lastSyncAt, timeZone) : 'Never') : '—'}</td>
                <td className="actions">
                  {account.kind === 'exchange' && !running && (
                    <>
                      {account.hasKey ? (
                        <Button onClick={() => void sync(account.name)} aria-label={`Sync ${account.name}`}>
                          Sync
                        </Button>
                      ) : (
                        <span className="muted">No key stored. </span>
                      )}
                      <Button variant="link" onClick={() => setKeyFor(account.name)} aria-label={`${account.hasKey ? 'Replace key' : 'Enter key'} for ${account.name}`}>
                        {account.hasKey ? 'Replace key' : 'Enter key'}
                      </Button>
                    </>
                  )}
                  {running && <SyncProgress sync={running} onCancel={() => void cancel(account.name)} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Dialog open={keyFor !== null} title={`API key for ${keyFor ?? ''}`} onClose={() => setKeyFor(null)}>
        {keyFor !== null && <KeyForm account={keyFor} onDone={() => onChanged()} />}
      </Dialog>
    </>
  );
}

function SyncProgress({ sync, onCancel }: { sync: RunningSync; onCancel: () => void }) {
  const progress = sync.progress;
  // Streams (trades, deposits, ...) run one after another, each an equal share of the bar:
  // how long a later stream will take is unknown until it starts. Within a stream the bar
  // follows core's own account of how far it is, when the exchange lets it tell.
  const value = progress && progress.streams > 0 ? (progress.streamNumber - 1 + (progress.streamFraction ?? 0)) / progress.streams : null;
  let detail = 'Connecting to the exchange…';
  if (progress) {
    const stream = `${progress.stream} (${progress.streamNumber} of ${progress.streams})`;
    const parts = [
      // The estimate is for this stream alone; core gives none until it has read enough to tell.
      progress.etaSeconds !== null ? `about ${formatDuration(progress.etaSeconds)} left in ${stream}` : stream,
      `${plural(progress.records, 'record')} read in all`,
      progress.rate > 0 ? `${formatCount(Math.round(progress.rate))}/s` : null,
    ];
    detail = parts.filter(Boolean).join(' · ');
    if (progress.retrying) detail += ` — waiting: ${progress.retrying}`;
  }
  if (sync.cancelling) detail = 'Cancelling: finishing the page in hand, then stopping…';
  return (
    <div className="sync-progress">
      <ProgressBar label={`Syncing ${sync.account}`} value={value} detail={detail} />
      <Button onClick={onCancel} disabled={sync.cancelling} aria-label={`Cancel the sync of ${sync.account}`}>
        Cancel
      </Button>
    </div>
  );
}

function syncNotice(outcome: SyncOutcomeView, onChanged: () => void): NoticeInput {
  const counts = `${plural(outcome.added, 'new transaction')}, ${formatCount(outcome.skipped)} already there`;
  const messages: Record<SyncOutcomeView['status'], string> = {
    complete: `${outcome.account} synced: ${counts}.`,
    cancelled: `The sync of ${outcome.account} was cancelled; what it read is kept (${counts}).`,
    incomplete: `${outcome.account} synced only in part: ${counts}.${outcome.message ? ` ${outcome.message}` : ''}`,
    failed: `${outcome.account} did not sync${outcome.message ? `: ${outcome.message}` : '.'}`,
  };
  return {
    message: messages[outcome.status],
    tone: outcome.status === 'failed' ? 'error' : outcome.status === 'complete' ? 'success' : 'info',
    undo:
      outcome.added > 0
        ? {
            run: async () => {
              const { removed } = await call('imports.undo', { batchId: outcome.batchId });
              onChanged();
              return `Sync undone: ${plural(removed, 'transaction')} removed from ${outcome.account}.`;
            },
          }
        : undefined,
  };
}
