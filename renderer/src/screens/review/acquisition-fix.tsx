// Adding a missing acquisition: where the units came from (bought, moved in from an account
// Lotwise does not have, a gift, income), when, how many and their cost, as a manual
// transaction (transactions.add) that the lots then draw on. Amounts are read exactly.
import { useId, useState, type FormEvent } from 'react';
import type { ManualTransaction, ReviewItemView } from '../../../../shared/api.ts';
import { call } from '../../api.ts';
import { formatMoney, formatQuantity, isoDateTimeInZone, zonedTimeToUtc } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { readAmount } from './decimal-text.ts';
import type { RunFix } from './review-item.tsx';

const ORIGINS = [
  { value: 'trade', label: 'Bought with US dollars' },
  { value: 'deposit', label: 'Moved in from an account not in Lotwise' },
  { value: 'gift-received', label: 'Received as a gift' },
  { value: 'income', label: 'Earned as income' },
] as const;

type Origin = (typeof ORIGINS)[number]['value'];

function costLabel(origin: Origin): string {
  switch (origin) {
    case 'trade':
      return 'Cost in USD, fees included';
    case 'income':
      return 'Value in USD when received';
    default:
      return 'Cost basis in USD';
  }
}

function manualTransaction(origin: Origin, base: { account: string; timestamp: number; asset: string; quantity: string; cost: string }): ManualTransaction {
  const received = { amount: base.quantity, asset: base.asset };
  const description = 'Added in Review for a missing acquisition';
  if (origin === 'trade') {
    return { account: base.account, timestamp: base.timestamp, type: 'trade', sent: { amount: base.cost, asset: 'USD' }, received, value: base.cost, description };
  }
  return { account: base.account, timestamp: base.timestamp, type: origin, received, value: base.cost, description };
}

interface FieldProblems {
  account?: string;
  asset?: string;
  acquiredAt?: string;
  quantity?: string;
  cost?: string;
}

export function AcquisitionFix({ item, timeZone, accounts, busy, run }: { item: ReviewItemView; timeZone: string; accounts: string[]; busy: boolean; run: RunFix }) {
  const formId = useId();
  const [open, setOpen] = useState(false);
  const [origin, setOrigin] = useState<Origin>('trade');
  const [chosenAccount, setAccount] = useState(item.account ?? '');
  const [asset, setAsset] = useState(item.asset ?? '');
  // A minute before the problem, so the new lot is there when the units leave.
  const [acquiredAt, setAcquiredAt] = useState(item.timestamp !== null ? isoDateTimeInZone(item.timestamp - 60_000, timeZone) : '');
  const [quantity, setQuantity] = useState(item.amount ?? '');
  const [cost, setCost] = useState('');
  const [problems, setProblems] = useState<FieldProblems>({});

  // The accounts arrive after the first render; until the user picks, the first one is meant.
  const account = chosenAccount !== '' ? chosenAccount : (accounts[0] ?? '');
  const accountChoices = account !== '' && !accounts.includes(account) ? [account, ...accounts] : accounts;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const found: FieldProblems = {};
    if (account === '') found.account = 'Add an account on Accounts first: every acquisition belongs to one.';
    const assetText = asset.trim().toUpperCase();
    if (assetText === '') found.asset = 'Name the asset, such as BTC.';
    const timestamp = zonedTimeToUtc(acquiredAt, timeZone);
    if (timestamp === null) found.acquiredAt = 'Enter the date and time you acquired it.';
    const quantityReading = readAmount(quantity, 'The quantity');
    if (!quantityReading.ok) found.quantity = quantityReading.message;
    const costReading = readAmount(cost, 'The cost', { allowZero: true });
    if (!costReading.ok) found.cost = costReading.message;
    setProblems(found);
    if (timestamp === null || !quantityReading.ok || !costReading.ok || found.asset !== undefined || found.account !== undefined) {
      // After React has marked the fields invalid.
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const done = await run(async () => {
      const { changeId } = await call('transactions.add', manualTransaction(origin, { account, timestamp, asset: assetText, quantity: quantityReading.text, cost: costReading.text }));
      return {
        changeId,
        message: `Added ${formatQuantity(quantityReading.text, assetText)} acquired in ${account} for ${formatMoney(costReading.text)}.`,
      };
    });
    if (done) setOpen(false);
  }

  return (
    <div className="review-fix">
      <Button aria-expanded={open} aria-controls={formId} onClick={() => setOpen(!open)} disabled={busy}>
        Add the missing acquisition
      </Button>
      <form id={formId} className="review-acquisition" hidden={!open} onSubmit={(event) => void submit(event)} noValidate>
        <fieldset disabled={busy} className="review-plain-fieldset">
          <legend>Where these units came from</legend>
          <div className="form-grid">
            <SelectField label="How you got them" value={origin} onChange={(value) => setOrigin(value as Origin)} options={ORIGINS} />
            <SelectField label="Account" value={account} onChange={setAccount} options={accountChoices.map((name) => ({ value: name, label: name }))} error={problems.account} />
            {item.asset === null && <TextField label="Asset" value={asset} onChange={setAsset} error={problems.asset} autoComplete="off" />}
            <TextField label="Acquired on" hint={`Time in ${timeZone}`} type="datetime-local" value={acquiredAt} onChange={setAcquiredAt} error={problems.acquiredAt} />
            <TextField
              label={item.asset !== null ? `Quantity of ${item.asset}` : 'Quantity'}
              value={quantity}
              onChange={setQuantity}
              error={problems.quantity}
              inputMode="decimal"
              autoComplete="off"
              className="review-amount"
            />
            <TextField label={costLabel(origin)} value={cost} onChange={setCost} error={problems.cost} inputMode="decimal" autoComplete="off" className="review-amount" />
          </div>
          <Button type="submit" variant="primary">
            Add acquisition
          </Button>
        </fieldset>
      </form>
    </div>
  );
}
