// One transaction in full, and what the user can change about it: its type (how it is
// taxed), its label and description, and whether it is one side of a transfer between
// the user's own accounts. Every change is announced with an Undo.
import { useEffect, useState, type FormEvent } from 'react';
import type { SavedTransaction, TransactionRowView } from '../../../../shared/api.ts';
import { INCOME_TYPES, TRANSACTION_TYPES, type TransactionType } from '../../../../shared/transaction.ts';
import { call, messageOf } from '../../api.ts';
import { formatDateTime, formatMoney, formatQuantity, typeLabel } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { useNotices } from '../../ui/notices.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/fields.tsx';
import { changeNotice } from '../../ui/change-notice.ts';
import { PROBLEM_LABELS } from './columns.tsx';
import { TransferPicker } from './transfer-picker.tsx';

const SOURCE_LABELS: Record<TransactionRowView['source'], string> = { csv: 'CSV import', api: 'Exchange sync', manual: 'Entered by you' };
const RECEIVED_ONLY = new Set<TransactionType>(['deposit', 'gift-received', ...INCOME_TYPES]);
const SENT_ONLY = new Set<TransactionType>(['withdrawal', 'gift-sent', 'donation', 'lost', 'expense']);

/**
 * The types whose legs this transaction has: a trade cannot become staking income, which
 * is received only. The same rule core enforces (legShapeProblem in shared/tax), offered
 * here so the list holds only choices that can be saved.
 */
function typesThatFit(transaction: TransactionRowView) {
  const sent = transaction.sentAmount !== null;
  const received = transaction.receivedAmount !== null;
  const fee = transaction.feeAmount !== null;
  const fits = (type: TransactionType) => {
    if (RECEIVED_ONLY.has(type)) return received && !sent;
    if (SENT_ONLY.has(type)) return sent && !received;
    if (type === 'fee') return !received && (sent || fee);
    if (type === 'realized-gain') return sent || received;
    return true;
  };
  return TRANSACTION_TYPES.filter((type) => type === transaction.type || fits(type)).map((type) => ({ value: type, label: typeLabel(type) }));
}

export interface TransactionDetailProps {
  transaction: TransactionRowView;
  timeZone: string;
  /** After any change (and after its undo): the list and history refresh. */
  onChanged: (updated?: TransactionRowView, options?: { newChoices?: boolean }) => void;
  /** A change was saved: the detail closes, so its notice (and Undo) can be reached. */
  onDone: () => void;
}

export function TransactionDetail({ transaction, timeZone, onChanged, onDone }: TransactionDetailProps) {
  const { notify } = useNotices();
  const [type, setType] = useState(transaction.type);
  const [label, setLabel] = useState(transaction.label ?? '');
  const [description, setDescription] = useState(transaction.description ?? '');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [unlinking, setUnlinking] = useState(false);
  const [transferProblem, setTransferProblem] = useState<string | null>(null);

  useEffect(() => {
    setType(transaction.type);
    setLabel(transaction.label ?? '');
    setDescription(transaction.description ?? '');
  }, [transaction]);

  const edits: { type?: string; label?: string | null; description?: string | null } = {};
  if (type !== transaction.type) edits.type = type;
  if (label.trim() !== (transaction.label ?? '')) edits.label = label.trim() === '' ? null : label.trim();
  if (description.trim() !== (transaction.description ?? '')) edits.description = description.trim() === '' ? null : description.trim();
  const changed = Object.keys(edits).length > 0;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!changed) return;
    setSaving(true);
    setProblem(null);
    let saved: SavedTransaction;
    try {
      saved = await call('transactions.edit', { id: transaction.id, ...edits });
    } catch (error) {
      setProblem(messageOf(error));
      setSaving(false);
      return;
    }
    const what = edits.type ? `Type changed to ${typeLabel(edits.type)}` : 'Transaction updated';
    const newChoices = edits.type !== undefined;
    notify(changeNotice(`${what} (${formatDateTime(transaction.timestamp, timeZone)}, ${transaction.account}).`, saved.changeId, () => onChanged(undefined, { newChoices })));
    setSaving(false);
    onChanged(saved.transaction, { newChoices });
    onDone();
  }

  async function link(other: TransactionRowView) {
    const withdrawalId = transaction.sentAsset ? transaction.id : other.id;
    const depositId = withdrawalId === transaction.id ? other.id : transaction.id;
    const { changeId } = await call('transactions.link', { withdrawalId, depositId });
    setPicking(false);
    notify(changeNotice(`Linked as a transfer: ${transaction.account} ↔ ${other.account}.`, changeId, () => onChanged()));
    onChanged();
    onDone();
  }

  async function unlink() {
    if (transaction.linkedTo === null) return;
    setUnlinking(true);
    setTransferProblem(null);
    try {
      const withdrawalId = transaction.sentAsset ? transaction.id : transaction.linkedTo;
      const { changeId } = await call('transactions.unlink', { withdrawalId });
      notify(changeNotice('Transfer link removed.', changeId, () => onChanged()));
      onChanged();
      onDone();
    } catch (error) {
      setTransferProblem(messageOf(error));
    } finally {
      setUnlinking(false);
    }
  }

  const transferable = transaction.type === 'withdrawal' || transaction.type === 'deposit';
  return (
    <div className="transaction-detail">
      <dl className="facts">
        <dt>Date</dt>
        <dd>{formatDateTime(transaction.timestamp, timeZone)}</dd>
        <dt>Account</dt>
        <dd>{transaction.account}</dd>
        <dt>Sent</dt>
        <dd className="number">{formatQuantity(transaction.sentAmount, transaction.sentAsset) || '—'}</dd>
        <dt>Received</dt>
        <dd className="number">{formatQuantity(transaction.receivedAmount, transaction.receivedAsset) || '—'}</dd>
        <dt>Fee</dt>
        <dd className="number">{formatQuantity(transaction.feeAmount, transaction.feeAsset) || '—'}</dd>
        <dt>Value</dt>
        <dd className="number">{transaction.value ? formatMoney(transaction.value) : 'Unknown'}</dd>
        <dt>Source</dt>
        <dd>{SOURCE_LABELS[transaction.source]}</dd>
        {transaction.txHash && (
          <>
            <dt>Tx hash</dt>
            <dd>
              <code className="break">{transaction.txHash}</code>
            </dd>
          </>
        )}
        <dt>Needs review</dt>
        <dd>{transaction.problems.length === 0 ? 'No' : transaction.problems.map((kind) => PROBLEM_LABELS[kind]).join(', ')}</dd>
      </dl>

      <form onSubmit={(event) => void save(event)} aria-label="Edit this transaction">
        <SelectField
          label="Type"
          value={type}
          onChange={setType}
          options={typesThatFit(transaction)}
          hint="How it is taxed: e.g. a deposit that was really staking income is ordinary income at its value."
        />
        <TextField label="Label" value={label} onChange={setLabel} />
        <TextAreaField label="Description" value={description} onChange={setDescription} rows={2} />
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <div className="button-row">
          <Button type="submit" variant="primary" disabled={!changed} busy={saving} busyLabel="Saving…">
            Save changes
          </Button>
        </div>
      </form>

      {transferable && (
        <section aria-labelledby="transfer-heading">
          <h3 id="transfer-heading">Transfer between your accounts</h3>
          {transaction.linkedTo !== null ? (
            <>
              <p>This is one side of a transfer (paired with transaction #{transaction.linkedTo}): no gain or loss, the lots move along.</p>
              {transferProblem && (
                <p className="problem" role="alert">
                  {transferProblem}
                </p>
              )}
              <Button onClick={() => void unlink()} busy={unlinking} busyLabel="Unlinking…">
                Unlink transfer
              </Button>
            </>
          ) : picking ? (
            <TransferPicker transaction={transaction} timeZone={timeZone} onPick={link} onCancel={() => setPicking(false)} />
          ) : (
            <>
              <p className="muted">If the other side is in another of your accounts, link them so the lots move instead of being sold.</p>
              <Button onClick={() => setPicking(true)}>Link as a transfer…</Button>
            </>
          )}
        </section>
      )}
    </div>
  );
}
