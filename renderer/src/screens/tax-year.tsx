// One tax year: which year, the lot method and basis pool chosen for it, and what they
// give: the summary, charts, the disposals with the lots behind each (and Specific ID
// picks), and the same year under every method. Every part reads its own call and shows
// its own loading and error state; a change (method, pool, lot pick, undo) re-reads them
// all while the old figures stay on screen, marked busy.
import { useCallback, useState } from 'react';
import type { DisposalView, LotMethodId, YearChoiceView } from '../../../shared/api.ts';
import { call, messageOf } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { useChangeNotices } from './review/change-notices.ts';
import { ChartsSection } from './tax-year/charts-section.tsx';
import { CompareSection } from './tax-year/compare-section.tsx';
import { describeDisposal, DISPOSALS_PAGE_SIZE, DisposalsSection } from './tax-year/disposals-section.tsx';
import { formatMoney } from '../format.ts';
import { methodName, poolName } from './tax-year/lot-choices.ts';
import { LotPicker } from './tax-year/lot-picker.tsx';
import { SummarySection } from './tax-year/summary-section.tsx';
import { useCall } from './tax-year/use-call.ts';
import { YearChoiceForm } from './tax-year/year-choice-form.tsx';
import './tax-year/tax-year.css';

export function TaxYearScreen({ go }: ScreenProps) {
  const years = useCall('tax.years', {});
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  // The choices as core last answered after a change: the pool is one for every year, so
  // saving (or undoing) a choice for one year changes what every year shows.
  const [reread, setReread] = useState<YearChoiceView[] | null>(null);
  const rereadChoices = useCallback(async () => {
    try {
      setReread(await call('tax.years', {}));
    } catch {
      years.retry();
    }
  }, [years.retry]);

  const heading = <h2 tabIndex={-1}>Tax year</h2>;

  if (years.state !== 'ready') {
    return (
      <section className="tax-year" aria-busy={years.state === 'loading'}>
        {heading}
        {years.state === 'loading' && <LoadingState what="your tax years" />}
        {years.state === 'error' && <ErrorState what="Lotwise could not list your tax years." message={years.message} onRetry={years.retry} />}
      </section>
    );
  }
  if (years.value.length === 0) {
    return (
      <section className="tax-year">
        {heading}
        <EmptyState title="No tax years yet">
          <p>Once your ledger has transactions, each year they cover appears here.</p>
          <button type="button" onClick={() => go('overview')}>
            Go to Overview
          </button>
        </EmptyState>
      </section>
    );
  }

  const choices = reread ?? years.value;
  const yearList = choices.map((choice) => choice.year).sort((a, b) => b - a);
  const year = chosenYear !== null && yearList.includes(chosenYear) ? chosenYear : (yearList[0] as number);
  const choice = choices.find((c) => c.year === year) as YearChoiceView;

  return (
    <section className="tax-year">
      {heading}
      {/* Keyed by year: a different year starts on its first page of disposals, with no dialog open. */}
      <TaxYearView
        key={year}
        years={yearList}
        choice={choice}
        go={go}
        onYear={setChosenYear}
        onChoicesChanged={rereadChoices}
      />
    </section>
  );
}

function TaxYearView({
  years,
  choice,
  go,
  onYear,
  onChoicesChanged,
}: {
  years: number[];
  choice: YearChoiceView;
  go: ScreenProps['go'];
  onYear: (year: number) => void;
  /** Reads every year's choices again; resolves once they are on screen. */
  onChoicesChanged: () => Promise<void>;
}) {
  const [version, setVersion] = useState(0);
  const [saving, setSaving] = useState(false);
  // What was picked, shown in the menus while it is saved.
  const [pending, setPending] = useState<YearChoiceView | null>(null);
  const [offset, setOffset] = useState(0);
  const [picking, setPicking] = useState<DisposalView | null>(null);
  const shown = pending ?? choice;
  const { year, method } = shown;
  const reread = useCallback(() => setVersion((n) => n + 1), []);
  // An Undo may take back a method or pool: the menus are read again with the figures.
  const rereadAll = useCallback(() => {
    reread();
    void onChoicesChanged();
  }, [reread, onChoicesChanged]);
  const { changed, failed } = useChangeNotices(rereadAll);

  // Without a method or pool, core uses the choices saved for every year, which is what an
  // export writes; an explicit method would also apply to earlier years that have none saved.
  const summary = useCall('reports.summary', { year }, version);
  const charts = useCall('reports.charts', { year }, version);
  const disposals = useCall('reports.disposals', { year, offset, limit: DISPOSALS_PAGE_SIZE }, version);
  const compare = useCall('reports.compare', { year }, version);

  async function saveChoice(next: YearChoiceView) {
    setSaving(true);
    setPending(next);
    try {
      const { changeId, ...stored } = await call('tax.setChoice', next);
      await onChoicesChanged();
      reread();
      changed(changeId, choiceChanged(choice, stored));
    } catch (error) {
      failed(`The choice for ${year} was not saved: ${messageOf(error)}`);
    } finally {
      setPending(null);
      setSaving(false);
    }
  }

  async function picked(disposal: DisposalView, changeId: number) {
    // Read the disposal again to say what the pick did to its gain.
    let after: DisposalView | undefined;
    try {
      const page = await call('reports.disposals', { year, offset, limit: DISPOSALS_PAGE_SIZE });
      after = page.rows.find((row) => row.transactionId === disposal.transactionId);
    } catch {
      after = undefined;
    }
    setPicking(null);
    changed(
      changeId,
      after
        ? `Picked lots for ${describeDisposal(disposal)}: gain ${formatMoney(after.gain)}, was ${formatMoney(disposal.gain)}.`
        : `Picked lots for ${describeDisposal(disposal)}.`,
    );
    reread();
  }

  const busy = saving || [summary, charts, disposals, compare].some((part) => part.state === 'ready' && part.refreshing);

  return (
    <>
      <YearChoiceForm years={years} choice={shown} onYear={onYear} onChoice={(next) => void saveChoice(next)} />
      <p className="tax-year-busy" role="status">
        {busy ? 'Recalculating…' : ''}
      </p>
      <SummarySection summary={summary} onRetry={summary.retry} go={go} />
      <ChartsSection year={year} charts={charts} onRetry={charts.retry} />
      <DisposalsSection page={disposals} offset={offset} onOffset={setOffset} onRetry={disposals.retry} onPick={setPicking} />
      <CompareSection compare={compare} current={method} onRetry={compare.retry} onUse={(next: LotMethodId) => void saveChoice({ ...shown, method: next })} />
      {picking !== null && <LotPicker disposal={picking} onClose={() => setPicking(null)} onPicked={(changeId) => picked(picking, changeId)} />}
    </>
  );
}

/** What a saved choice changed: the method is the year's own, the pool every year's. */
function choiceChanged(before: YearChoiceView, after: YearChoiceView): string {
  const method = `${after.year} now uses ${methodName(after.method)}`;
  const pool = `the ${poolName(after.basis).toLowerCase()} pool`;
  if (before.basis === after.basis) return `${method}; other years keep their own method.`;
  if (before.method === after.method) return `Every year now uses ${pool}, not just ${after.year}.`;
  return `${method}, and every year now uses ${pool}.`;
}
