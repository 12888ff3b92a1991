// Adding a transaction by hand: most often the purchase behind a "missing cost basis"
// (bought years ago on an exchange that no longer exists), or a wallet movement no export
// covers, in a wallet the ledger may not have yet (core adds it, named as typed). Amounts
// are typed as text and sent as text; the date is the user's own clock.
import { useState, type FormEvent } from 'react';
import type { ManualTransaction, SavedTransaction } from '../../../../shared/api.ts';
import { TRANSACTION_TYPES } from '../../../../shared/transaction.ts';
import { call, messageOf } from '../../api.ts';
import { isDecimalText, isoDateTimeInZone, typeLabel, zonedTimeToUtc } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/fields.tsx';

const TYPE_OPTIONS = TRANSACTION_TYPES.map((type) => ({ value: type, label: typeLabel(type) }));

interface LegInputs {
  amount: string;
  asset: string;
}

type Errors = Partial<Record<'account' | 'when' | 'sent' | 'received' | 'fee' | 'value' | 'legs', string>>;

function legError(leg: LegInputs, name: string): string | undefined {
  if (leg.amount.trim() === '' && leg.asset.trim() === '') return undefined;
  if (!isDecimalText(leg.amount) || leg.amount.trim().startsWith('-')) return `Write the ${name} amount as a positive number, e.g. 0.25.`;
  if (leg.asset.trim() === '') return `Say which asset was ${name}, e.g. BTC.`;
  return undefined;
}

function legValue(leg: LegInputs): { amount: string; asset: string } | undefined {
  return leg.amount.trim() === '' ? undefined : { amount: leg.amount.trim(), asset: leg.asset.trim().toUpperCase() };
}

export function ManualTransactionForm({
  accounts,
  timeZone,
  onAdded,
  onCancel,
}: {
  accounts: readonly string[];
  timeZone: string;
  onAdded: (saved: SavedTransaction) => void;
  onCancel: () => void;
}) {
  const [account, setAccount] = useState(accounts[0] ?? '');
  const [when, setWhen] = useState(() => isoDateTimeInZone(Date.now(), timeZone));
  const [type, setType] = useState<string>('trade');
  const [sent, setSent] = useState<LegInputs>({ amount: '', asset: '' });
  const [received, setReceived] = useState<LegInputs>({ amount: '', asset: '' });
  const [fee, setFee] = useState<LegInputs>({ amount: '', asset: '' });
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (account.trim() === '') found.account = 'Say which account it belongs to (a new name adds a wallet account).';
    const timestamp = zonedTimeToUtc(when, timeZone);
    if (timestamp === null) found.when = 'Enter the date and time it happened.';
    found.sent = legError(sent, 'sent');
    found.received = legError(received, 'received');
    found.fee = legError(fee, 'fee');
    if (!found.sent && !found.received && sent.amount.trim() === '' && received.amount.trim() === '') {
      found.legs = 'Fill in what was sent, what was received, or both.';
    }
    if (value.trim() !== '' && (!isDecimalText(value) || value.trim().startsWith('-'))) found.value = 'Write the value in dollars, e.g. 1234.56.';
    const shown = Object.fromEntries(Object.entries(found).filter(([, message]) => message)) as Errors;
    setErrors(shown);
    if (Object.keys(shown).length > 0 || timestamp === null) return;

    const transaction: ManualTransaction = { account: account.trim(), timestamp, type };
    const sentLeg = legValue(sent);
    const receivedLeg = legValue(received);
    const feeLeg = legValue(fee);
    if (sentLeg) transaction.sent = sentLeg;
    if (receivedLeg) transaction.received = receivedLeg;
    if (feeLeg) transaction.fee = feeLeg;
    if (value.trim()) transaction.value = value.trim();
    if (description.trim()) transaction.description = description.trim();

    setSaving(true);
    setProblem(null);
    try {
      onAdded(await call('transactions.add', transaction));
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="New transaction" noValidate>
      <div className="form-grid">
        <TextField
          label="Account"
          value={account}
          onChange={setAccount}
          error={errors.account}
          list="manual-account-names"
          hint="One of yours, or a new name to add it as a wallet account."
        />
        <datalist id="manual-account-names">
          {accounts.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <TextField label="Date and time" type="datetime-local" value={when} onChange={setWhen} error={errors.when} hint={`In ${timeZone}.`} />
        <SelectField label="Type" value={type} onChange={setType} options={TYPE_OPTIONS} />
      </div>
      <fieldset className="legs">
        <legend>Amounts</legend>
        {errors.legs && <p className="field-error">{errors.legs}</p>}
        <div className="form-grid">
          <TextField label="Sent amount" inputMode="decimal" value={sent.amount} onChange={(amount) => setSent({ ...sent, amount })} error={errors.sent} />
          <TextField label="Sent asset" value={sent.asset} onChange={(asset) => setSent({ ...sent, asset })} placeholder="e.g. USD" />
          <TextField
            label="Received amount"
            inputMode="decimal"
            value={received.amount}
            onChange={(amount) => setReceived({ ...received, amount })}
            error={errors.received}
          />
          <TextField label="Received asset" value={received.asset} onChange={(asset) => setReceived({ ...received, asset })} placeholder="e.g. BTC" />
          <TextField label="Fee amount" inputMode="decimal" value={fee.amount} onChange={(amount) => setFee({ ...fee, amount })} error={errors.fee} />
          <TextField label="Fee asset" value={fee.asset} onChange={(asset) => setFee({ ...fee, asset })} />
        </div>
      </fieldset>
      <TextField
        label="Value in USD (optional)"
        inputMode="decimal"
        value={value}
        onChange={setValue}
        error={errors.value}
        hint="What it was worth when it happened: for a purchase, what you paid, which becomes its cost basis."
      />
      <TextAreaField label="Description (optional)" value={description} onChange={setDescription} rows={2} />
      {problem && (
        <p className="problem" role="alert">
          The transaction was not added: {problem}
        </p>
      )}
      <div className="button-row">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={saving} busyLabel="Adding…">
          Add transaction
        </Button>
      </div>
    </form>
  );
}
