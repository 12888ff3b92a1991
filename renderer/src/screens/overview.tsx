// The first screen: what is in the ledger (accounts and their transaction counts), and
// for a new user with nothing imported yet, what to do next, including a one-click demo.
import { useCallback, useEffect, useState } from 'react';
import type { LedgerStatus } from '../../../shared/api.ts';
import { call, messageOf } from '../api.ts';
import type { ScreenProps } from '../app.tsx';

type LedgerView = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; status: LedgerStatus };

type DemoView = { state: 'idle' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'loaded'; added: number };

const count = new Intl.NumberFormat();

export function OverviewScreen(_props: ScreenProps) {
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
    <>
      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading" tabIndex={-1}>Your ledger</h2>
        {ledger.state === 'loading' && <p role="status">Loading your ledger…</p>}
        {ledger.state === 'error' && (
          <div className="problem" role="alert">
            <p>Lotwise could not read your ledger.</p>
            <p>{ledger.message}</p>
            <button type="button" onClick={() => void retry()}>
              Try again
            </button>
          </div>
        )}
        {ledger.state === 'ready' && <LedgerSummary status={ledger.status} />}
        {ledger.state === 'ready' && ledger.status.transactions === 0 && (
          <EmptyLedger loading={demo.state === 'loading'} onTryDemo={() => void loadDemo()} />
        )}
        <DemoOutcome demo={demo} />
      </section>
    </>
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
            <td className="number">{count.format(account.transactions)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="number" data-testid="total-transactions">
            {count.format(status.transactions)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function EmptyLedger({ loading, onTryDemo }: { loading: boolean; onTryDemo: () => void }) {
  return (
    <div className="empty-state">
      <h3>No transactions yet</h3>
      <p>
        Import a CSV with <code>lotwise import</code> or try the demo data.
      </p>
      <button type="button" className="primary" onClick={onTryDemo} disabled={loading}>
        {loading ? 'Loading demo data…' : 'Try with demo data'}
      </button>
    </div>
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
      {demo.state === 'loaded' ? `Added ${count.format(demo.added)} demo transactions.` : ''}
    </p>
  );
}
