// The year at a glance (reports.summary): short- and long-term proceeds, cost basis and
// gain with their total, ordinary income, and the warnings that can change them, with a
// way to Review where they are fixed.
import type { TaxSummaryView, TermSummaryView } from '../../../../shared/api.ts';
import { Decimal, toDecimalText } from '../../../../shared/money.ts';
import type { ScreenId } from '../../app.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { MoneyCells, MoneyHeaders } from '../../ui/money-columns.tsx';
import { formatCount, formatMoney } from '../../format.ts';
import { methodName, poolName } from './lot-choices.ts';
import type { Loaded } from './use-call.ts';

/** Warnings listed by name before "and N more". */
const WARNINGS_LISTED = 5;

export function totalOf(summary: TaxSummaryView): TermSummaryView {
  const add = (a: string, b: string) => toDecimalText(new Decimal(a).plus(b));
  return {
    proceeds: add(summary.shortTerm.proceeds, summary.longTerm.proceeds),
    costBasis: add(summary.shortTerm.costBasis, summary.longTerm.costBasis),
    gain: add(summary.shortTerm.gain, summary.longTerm.gain),
  };
}

function TermRow({ name, term, testId }: { name: string; term: TermSummaryView; testId: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{name}</th>
      <MoneyCells figures={term} gainTestId={`${testId}-gain`} />
    </tr>
  );
}

export function SummarySection({ summary, onRetry, go }: { summary: Loaded<TaxSummaryView>; onRetry: () => void; go: (screen: ScreenId) => void }) {
  return (
    <section className="tax-year-section" aria-busy={summary.state === 'loading' || (summary.state === 'ready' && summary.refreshing)}>
      <h3>Summary</h3>
      {summary.state === 'loading' && <LoadingState what="the summary" />}
      {summary.state === 'error' && <ErrorState what="Lotwise could not work out this year’s summary." message={summary.message} onRetry={onRetry} />}
      {summary.state === 'ready' && <SummaryFigures summary={summary.value} go={go} />}
    </section>
  );
}

function SummaryFigures({ summary, go }: { summary: TaxSummaryView; go: (screen: ScreenId) => void }) {
  const total = totalOf(summary);
  const shown = summary.warnings.slice(0, WARNINGS_LISTED);
  return (
    <>
      <table className="tax-year-table tax-year-summary">
        <caption>
          Capital gains in {summary.year}: {methodName(summary.method)}, {poolName(summary.basis).toLowerCase()} pool, dates in {summary.timeZone}
        </caption>
        <thead>
          <tr>
            <th scope="col">Term</th>
            <MoneyHeaders />
          </tr>
        </thead>
        <tbody>
          <TermRow name="Short-term" term={summary.shortTerm} testId="summary-short-term" />
          <TermRow name="Long-term" term={summary.longTerm} testId="summary-long-term" />
        </tbody>
        <tfoot>
          <TermRow name="Total" term={total} testId="summary-total" />
        </tfoot>
      </table>
      <dl className="tax-year-income">
        <dt>Ordinary income (staking, rewards, airdrops and other income)</dt>
        <dd className="number" data-testid="summary-income">
          {formatMoney(summary.income)}
        </dd>
      </dl>
      {summary.warnings.length > 0 && (
        <div className="tax-year-warnings">
          <p>
            <strong>
              {formatCount(summary.warnings.length)} {summary.warnings.length === 1 ? 'warning' : 'warnings'}
            </strong>{' '}
            can change these figures:
          </p>
          <ul>
            {shown.map((warning, index) => (
              <li key={`${warning.code}-${index}`}>{warning.message}</li>
            ))}
          </ul>
          {summary.warnings.length > shown.length && <p>…and {formatCount(summary.warnings.length - shown.length)} more.</p>}
          <button type="button" onClick={() => go('review')}>
            Fix them in Review
          </button>
        </div>
      )}
    </>
  );
}
