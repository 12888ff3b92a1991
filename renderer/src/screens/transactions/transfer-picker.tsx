// Finding the other side of a transfer: the opposite movement (a deposit for a
// withdrawal and the reverse) of the same asset, near in time, in the user's other
// accounts, narrowed by a search. Asked of core page by page like the main list.
import { useEffect, useState } from 'react';
import type { TransactionFilter, TransactionRowView } from '../../../../shared/api.ts';
import { call, messageOf } from '../../api.ts';
import { formatDateTime, formatQuantity } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { CheckboxField, TextField } from '../../ui/fields.tsx';
import { LoadingState } from '../../ui/states.tsx';

const WINDOW_MS = 14 * 24 * 3600 * 1000;

export function TransferPicker({
  transaction,
  timeZone,
  onPick,
  onCancel,
}: {
  transaction: TransactionRowView;
  timeZone: string;
  onPick: (other: TransactionRowView) => Promise<void>;
  onCancel: () => void;
}) {
  const isWithdrawal = transaction.type === 'withdrawal';
  const asset = isWithdrawal ? transaction.sentAsset : transaction.receivedAsset;
  const [search, setSearch] = useState('');
  const [anyDate, setAnyDate] = useState(false);
  const [candidates, setCandidates] = useState<{ state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; rows: TransactionRowView[]; total: number }>({
    state: 'loading',
  });
  const [linking, setLinking] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const filter: TransactionFilter = { type: isWithdrawal ? 'deposit' : 'withdrawal' };
    if (asset) filter.asset = asset;
    if (!anyDate) {
      filter.from = transaction.timestamp - WINDOW_MS;
      filter.to = transaction.timestamp + WINDOW_MS;
    }
    if (search.trim()) filter.search = search.trim();
    const timer = setTimeout(() => {
      setCandidates({ state: 'loading' });
      call('transactions.page', { offset: 0, limit: 50, filter, sort: { key: 'timestamp', direction: 'asc' } }).then(
        (page) => current && setCandidates({ state: 'ready', rows: page.rows.filter((row) => row.id !== transaction.id && row.linkedTo === null), total: page.total }),
        (error: unknown) => current && setCandidates({ state: 'error', message: messageOf(error) }),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [search, anyDate, asset, isWithdrawal, transaction]);

  async function pick(row: TransactionRowView) {
    setLinking(row.id);
    setProblem(null);
    try {
      await onPick(row);
    } catch (error) {
      setProblem(messageOf(error));
      setLinking(null);
    }
  }

  return (
    <div className="transfer-picker">
      <p>
        Choose the {isWithdrawal ? 'deposit' : 'withdrawal'} of {asset ?? 'the same asset'} that is the other side
        {anyDate ? '.' : ', within two weeks of this one.'}
      </p>
      <div className="form-grid">
        <TextField label="Search the other side" type="search" value={search} onChange={setSearch} placeholder="Tx hash, description" />
        <CheckboxField label="Any date" checked={anyDate} onChange={setAnyDate} />
      </div>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      {candidates.state === 'loading' && <LoadingState what="possible other sides" />}
      {candidates.state === 'error' && (
        <p className="problem" role="alert">
          {candidates.message}
        </p>
      )}
      {candidates.state === 'ready' &&
        (candidates.rows.length === 0 ? (
          <p>No unlinked {isWithdrawal ? 'deposits' : 'withdrawals'} match. Try “Any date”, or add the missing side as a manual transaction.</p>
        ) : (
          <ul className="candidate-list" aria-label="Possible other sides">
            {candidates.rows.map((row) => {
              const amount = isWithdrawal ? formatQuantity(row.receivedAmount, row.receivedAsset) : formatQuantity(row.sentAmount, row.sentAsset);
              const text = `${formatDateTime(row.timestamp, timeZone)} · ${row.account} · ${amount}`;
              return (
                <li key={row.id}>
                  <span>{text}</span>
                  <Button onClick={() => void pick(row)} busy={linking === row.id} busyLabel="Linking…" disabled={linking !== null} aria-label={`Link with ${text}`}>
                    Link
                  </Button>
                </li>
              );
            })}
          </ul>
        ))}
      <Button variant="link" onClick={onCancel}>
        Cancel linking
      </Button>
    </div>
  );
}
