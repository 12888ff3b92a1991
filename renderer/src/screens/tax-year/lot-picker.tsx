// Specific ID for one disposal: the lots it could use (lots.available), a quantity for each,
// and lots.pick once the quantities add up to exactly what was disposed of. The sums are
// Decimal arithmetic on the typed text, so "0.1 + 0.2" is exactly "0.3" here too.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { DisposalView, LotChoiceView } from '../../../../shared/api.ts';
import { Decimal, toDecimalText, ZERO } from '../../../../shared/money.ts';
import { call, messageOf } from '../../api.ts';
import { formatAmount, formatMoney } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { readAmount } from '../review/decimal-text.ts';
import { describeDisposal } from './disposals-section.tsx';
import { formatTaxDate } from './figures.ts';
import { useCall } from './use-call.ts';

/** What the disposal uses now, by lot, as the picker's starting quantities. */
function currentPicks(disposal: DisposalView): Record<string, string> {
  const picks: Record<string, Decimal> = {};
  for (const lot of disposal.lots) {
    if (lot.lotId === null) continue;
    picks[lot.lotId] = (picks[lot.lotId] ?? ZERO).plus(lot.quantity);
  }
  return Object.fromEntries(Object.entries(picks).map(([lotId, quantity]) => [lotId, toDecimalText(quantity)]));
}

interface Check {
  total: Decimal;
  problems: Record<string, string>;
  picks: { lotId: string; quantity: string }[];
}

function check(lots: LotChoiceView[], quantities: Record<string, string>): Check {
  let total: Decimal = ZERO;
  const problems: Record<string, string> = {};
  const picks: Check['picks'] = [];
  for (const lot of lots) {
    const typed = quantities[lot.lotId] ?? '';
    if (typed.trim() === '') continue;
    const reading = readAmount(typed, 'The quantity', { allowZero: true });
    if (!reading.ok) {
      problems[lot.lotId] = reading.message;
      continue;
    }
    if (reading.value.gt(lot.available)) {
      problems[lot.lotId] = `Only ${formatAmount(lot.available)} is left in this lot.`;
      continue;
    }
    total = total.plus(reading.value);
    if (!reading.value.isZero()) picks.push({ lotId: lot.lotId, quantity: reading.text });
  }
  return { total, problems, picks };
}

export function LotPicker({ disposal, onClose, onPicked }: { disposal: DisposalView; onClose: () => void; onPicked: (changeId: number) => Promise<void> }) {
  const formId = useId();
  const totalId = useId();
  const inputIds = useId();
  const lots = useCall('lots.available', { transactionId: disposal.transactionId });
  const [quantities, setQuantities] = useState<Record<string, string>>(() => currentPicks(disposal));
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const form = useRef<HTMLFormElement>(null);
  const available = lots.state === 'ready' ? lots.value : [];
  const checked = check(available, quantities);
  const remaining = new Decimal(disposal.quantity).minus(checked.total);
  const balanced = remaining.isZero();
  const ready = lots.state === 'ready' && available.length > 0;

  // The dialog opens before its lots arrive, with focus on itself; once they are here, the
  // first quantity is where the user starts (unless they have moved on already).
  useEffect(() => {
    if (!ready) return;
    const active = document.activeElement;
    if (active instanceof HTMLDialogElement || active === document.body) form.current?.querySelector<HTMLElement>('input')?.focus();
  }, [ready]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    setSubmitted(true);
    setFailure(null);
    if (Object.keys(checked.problems).length > 0 || !balanced || checked.picks.length === 0) {
      const form = event.currentTarget;
      requestAnimationFrame(() => (form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('input'))?.focus());
      return;
    }
    setSaving(true);
    try {
      const { changeId } = await call('lots.pick', { transactionId: disposal.transactionId, lots: checked.picks });
      await onPicked(changeId);
    } catch (error) {
      setFailure(messageOf(error));
      setSaving(false);
    }
  }

  return (
    <Dialog
      open
      wide
      title="Pick lots"
      onClose={onClose}
      description={`Choose which lots ${describeDisposal(disposal)} came from. The quantities must add up to ${formatAmount(disposal.quantity)} ${disposal.asset}.`}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          {ready && (
            <Button type="submit" form={formId} variant="primary" busy={saving} busyLabel="Saving…" aria-describedby={totalId}>
              Use these lots
            </Button>
          )}
        </>
      }
    >
      {lots.state === 'loading' && <LoadingState what="the lots this disposal could use" />}
      {lots.state === 'error' && <ErrorState what="Lotwise could not list the lots for this disposal." message={lots.message} onRetry={lots.retry} />}
      {lots.state === 'ready' && available.length === 0 && <p>No lots of {disposal.asset} were held when this disposal happened.</p>}
      {ready && (
        <form ref={form} id={formId} onSubmit={(event) => void submit(event)} noValidate>
          <fieldset disabled={saving} className="tax-year-plain-fieldset">
            <legend className="tax-year-sr-only">Quantity from each lot</legend>
            <div className="tax-year-table-frame">
              <table className="tax-year-table">
                <caption className="tax-year-sr-only">Lots of {disposal.asset} available to this disposal</caption>
                <thead>
                  <tr>
                    <th scope="col">Acquired</th>
                    <th scope="col">Account</th>
                    <th scope="col" className="number">
                      Available
                    </th>
                    <th scope="col" className="number">
                      Cost per unit
                    </th>
                    <th scope="col" className="number">
                      Use
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {available.map((lot, index) => {
                    const problem = submitted ? checked.problems[lot.lotId] : undefined;
                    const inputId = `${inputIds}-${index}`;
                    return (
                      <tr key={lot.lotId}>
                        <th scope="row">{formatTaxDate(lot.acquiredDate)}</th>
                        <td>{lot.account}</td>
                        <td className="number">{formatAmount(lot.available)}</td>
                        <td className="number">{formatMoney(lot.costPerUnit)}</td>
                        <td className="number">
                          <label htmlFor={inputId} className="tax-year-sr-only">
                            {`Quantity from the lot acquired ${formatTaxDate(lot.acquiredDate)} in ${lot.account}`}
                          </label>
                          <input
                            id={inputId}
                            type="text"
                            inputMode="decimal"
                            autoComplete="off"
                            className="number tax-year-quantity"
                            value={quantities[lot.lotId] ?? ''}
                            onChange={(event) => setQuantities({ ...quantities, [lot.lotId]: event.target.value })}
                            aria-invalid={problem !== undefined}
                            aria-describedby={problem !== undefined ? `${inputId}-problem` : undefined}
                          />
                          {problem !== undefined && (
                            <span id={`${inputId}-problem`} className="field-error tax-year-field-problem">
                              {problem}
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p id={totalId} className={submitted && !balanced ? 'problem' : undefined} aria-live="polite" data-testid="lot-picker-total">
              Chosen {formatAmount(toDecimalText(checked.total))} of {formatAmount(disposal.quantity)} {disposal.asset}
              {balanced
                ? '.'
                : remaining.isPositive()
                  ? `: ${formatAmount(toDecimalText(remaining))} still to choose.`
                  : `: ${formatAmount(toDecimalText(remaining.negated()))} too many.`}
            </p>
            <div role="alert">{failure !== null && <p className="problem">The lots were not saved: {failure}</p>}</div>
          </fieldset>
        </form>
      )}
    </Dialog>
  );
}
