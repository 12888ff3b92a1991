// Entering a missing price: the US dollar price of one unit at the item's moment, read as
// an exact decimal before it goes to prices.set.
import { useState, type FormEvent } from 'react';
import type { ReviewItemView } from '../../../../shared/api.ts';
import { call } from '../../api.ts';
import { formatDateTime, formatMoney } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/fields.tsx';
import { readAmount } from './decimal-text.ts';
import type { RunFix } from './review-item.tsx';

export function PriceFix({ item, timeZone, busy, run }: { item: ReviewItemView; timeZone: string; busy: boolean; run: RunFix }) {
  const [price, setPrice] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { asset, timestamp } = item;

  if (asset === null || timestamp === null) return null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reading = readAmount(price, 'The price');
    if (!reading.ok) {
      setProblem(reading.message);
      event.currentTarget.querySelector('input')?.focus();
      return;
    }
    setProblem(null);
    if (asset === null || timestamp === null) return;
    void run(async () => {
      const { changeId } = await call('prices.set', { asset, timestamp, price: reading.text });
      return { changeId, message: `Saved the price of ${asset} on ${formatDateTime(timestamp, timeZone)}: ${formatMoney(reading.text)} a unit.` };
    });
  }

  return (
    <form className="review-fix review-fix-inline" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="review-plain-fieldset">
        <TextField
          label={`Price of 1 ${asset} in USD`}
          hint={`At ${formatDateTime(timestamp, timeZone)}`}
          value={price}
          onChange={setPrice}
          error={problem}
          inputMode="decimal"
          autoComplete="off"
          className="review-amount"
        />
        <Button type="submit" variant="primary">
          Save price
        </Button>
      </fieldset>
    </form>
  );
}
