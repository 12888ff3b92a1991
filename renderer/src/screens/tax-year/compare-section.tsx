// The year under every lot method side by side (reports.compare), so the user sees what
// the choice is worth; the lowest total gain is marked in words, not colour alone, and any
// other method is one click away.
import type { LotMethodId, TaxSummaryView } from '../../../../shared/api.ts';
import { Decimal } from '../../../../shared/money.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { formatMoney } from '../../format.ts';
import { methodName } from './lot-choices.ts';
import { totalOf } from './summary-section.tsx';
import type { Loaded } from './use-call.ts';

export function CompareSection({
  compare,
  current,
  onRetry,
  onUse,
}: {
  compare: Loaded<TaxSummaryView[]>;
  current: LotMethodId;
  onRetry: () => void;
  onUse: (method: LotMethodId) => void;
}) {
  return (
    <section className="tax-year-section" aria-busy={compare.state === 'loading' || (compare.state === 'ready' && compare.refreshing)}>
      <h3>Compare methods</h3>
      {compare.state === 'loading' && <LoadingState what="the comparison" />}
      {compare.state === 'error' && <ErrorState what="Lotwise could not compare the methods." message={compare.message} onRetry={onRetry} />}
      {compare.state === 'ready' && <CompareTable results={compare.value} current={current} onUse={onUse} />}
    </section>
  );
}

function CompareTable({ results, current, onUse }: { results: TaxSummaryView[]; current: LotMethodId; onUse: (method: LotMethodId) => void }) {
  const rows = results.map((result) => ({ result, total: totalOf(result) }));
  const lowest = rows.reduce<Decimal | null>((low, row) => (low === null || new Decimal(row.total.gain).lt(low) ? new Decimal(row.total.gain) : low), null);
  return (
    <table className="tax-year-table tax-year-compare">
      <caption>This year under each lot method, every other year kept as you chose it; the lowest total gain is marked.</caption>
      <thead>
        <tr>
          <th scope="col">Method</th>
          <th scope="col" className="number">
            Short-term gain
          </th>
          <th scope="col" className="number">
            Long-term gain
          </th>
          <th scope="col" className="number">
            Total gain
          </th>
          <th scope="col">
            <span className="tax-year-sr-only">Choice</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ result, total }) => {
          const isLowest = lowest !== null && new Decimal(total.gain).eq(lowest);
          return (
            <tr key={result.method} className={isLowest ? 'tax-year-lowest' : undefined} data-testid={`compare-${result.method}`}>
              <th scope="row">
                {methodName(result.method)}
                {isLowest && <span className="tax-year-tag tax-year-tag-best">Lowest gain</span>}
              </th>
              <td className="number">{formatMoney(result.shortTerm.gain)}</td>
              <td className="number">{formatMoney(result.longTerm.gain)}</td>
              <td className="number">{formatMoney(total.gain)}</td>
              <td>
                {result.method === current ? (
                  <span className="muted">In use</span>
                ) : (
                  <button type="button" onClick={() => onUse(result.method)}>
                    Use {methodName(result.method)}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
