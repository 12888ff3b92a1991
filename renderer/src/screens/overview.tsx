// The first screen: what is in the ledger (accounts and their transaction counts), and
// for a new user with nothing imported yet, what to do next — import a CSV, add an
// exchange, or try the demo data with one click.
import { useCallback, useEffect, useState } from 'react';
import type { LedgerStatus } from '../../../shared/api.ts';
import { call, messageOf } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { formatCount } from '../format.ts';
import { Button } from '../ui/button.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';

type LedgerView = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; status: LedgerStatus };

type DemoView = { state: 'idle' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'loaded'; added: number };

export function OverviewScreen({ go }: ScreenProps) {
  const [ledger, setLedger] = useState<LedgerView>({ state: 'loading' });
  const [demo, setDemo] = useState<DemoView>({ state: 'idle' });

  const refresh = useCallback(async () => {
    try {
      setLedger({ state: 'ready', status: await call('ledger.status', {}) });
    } catch (error) {
      setLedger({ state: 'error', message: messageOf(error) });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function retry() {
    setLedger({ state: 'loading' });
    await refresh();
  }

  async function loadDemo() {
    setDemo({ state: 'loading' });
    try {
      const { added } = await call('ledger.loadDemo', {});
      setDemo({ state: 'loaded', added });
      await refresh();
    } catch (error) {
      setDemo({ state: 'error', message: messageOf(error) });
    }
  }

  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading" tabIndex={-1}>
        Your ledger
      </h2>
      {ledger.state === 'loading' && <LoadingState what="your ledger" />}
      {ledger.state === 'error' && <ErrorState what="Lotwise could not read your ledger." message={ledger.message} onRetry={() => void retry()} />}
      {ledger.state === 'ready' && <LedgerSummary status={ledger.status} />}
      {ledger.state === 'ready' && ledger.status.transactions === 0 && (
        <EmptyState title="No transactions yet">
          <p>Bring in your history one of three ways:</p>
          <ul>
            <li>Import a CSV export from your exchange or another crypto tax tool.</li>
            <li>Add an exchange with a read-only API key, and Lotwise downloads the history.</li>
            <li>Try the demo data to look around first; you can undo it from Accounts.</li>
          </ul>
          <div className="button-row">
            <Button onClick={() => go('accounts', 'import-heading')}>Import a CSV…</Button>
            <Button onClick={() => go('accounts', 'add-exchange-heading')}>Add an exchange…</Button>
            <Button variant="primary" onClick={() => void loadDemo()} busy={demo.state === 'loading'} busyLabel="Loading demo data…">
              Try with demo data
            </Button>
          </div>
        </EmptyState>
      )}
      {ledger.state === 'ready' && ledger.status.transactions > 0 && (
        <div className="button-row">
          <Button onClick={() => go('transactions')}>See transactions</Button>
          <Button onClick={() => go('review')}>Review problems</Button>
          <Button onClick={() => go('accounts')}>Accounts and imports</Button>
        </div>
      )}
      <DemoOutcome demo={demo} />
    </section>
  );
}

function LedgerSummary({ status }: { status: LedgerStatus }) {
  if (status.accounts.length === 0) return null;
  return (
    <table className="ledger-status">
      <caption>Transactions by account</caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col" className="number">
            Transactions
          </th>
        </tr>
      </thead>
      <tbody>
        {status.accounts.map((account) => (
          <tr key={account.name}>
            <th scope="row">{account.name}</th>
            <td className="number">{formatCount(account.transactions)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="number" data-testid="total-transactions">
            {formatCount(status.transactions)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function DemoOutcome({ demo }: { demo: DemoView }) {
  if (demo.state === 'error') {
    return (
      <p className="problem" role="alert">
        The demo data could not be loaded: {demo.message}
      </p>
    );
  }
  // Always rendered, so screen readers hear the outcome when its text appears.
  return (
    <p className="notice" role="status">
      {demo.state === 'loaded' ? `Added ${formatCount(demo.added)} demo transactions.` : ''}
    </p>
  );
}
