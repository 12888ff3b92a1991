// The year's disposals (reports.disposals), a page at a time: what left, when, from which
// account, for what proceeds and basis. Each row opens to the lots behind it, and any
// disposal can have its lots picked by hand (Specific ID).
import { Fragment, useState } from 'react';
import type { DisposalPage, DisposalView } from '../../../../shared/api.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { MoneyCells, MoneyHeaders, NumberHeader } from '../../ui/money-columns.tsx';
import { formatAmount, formatCount, formatMoney } from '../../format.ts';
import { formatTaxDate } from './figures.ts';
import type { Loaded } from './use-call.ts';

export const DISPOSALS_PAGE_SIZE = 25;

/** "0.09 BTC sold on Jun 3, 2025 in Coinbase": how a disposal is named on screen. */
export function describeDisposal(disposal: DisposalView): string {
  return `${formatAmount(disposal.quantity)} ${disposal.asset} disposed of on ${formatTaxDate(disposal.disposedDate)} in ${disposal.account}`;
}

export function DisposalsSection({
  page,
  offset,
  onOffset,
  onRetry,
  onPick,
}: {
  page: Loaded<DisposalPage>;
  offset: number;
  onOffset: (offset: number) => void;
  onRetry: () => void;
  onPick: (disposal: DisposalView) => void;
}) {
  return (
    <section className="tax-year-section" aria-busy={page.state === 'loading' || (page.state === 'ready' && page.refreshing)}>
      <h3>Disposals</h3>
      {page.state === 'loading' && <LoadingState what="the disposals" />}
      {page.state === 'error' && <ErrorState what="Lotwise could not list this year’s disposals." message={page.message} onRetry={onRetry} />}
      {page.state === 'ready' && page.value.total === 0 && <p className="muted">Nothing was sold, traded or spent this year.</p>}
      {page.state === 'ready' && page.value.total > 0 && <DisposalsTable page={page.value} offset={offset} onOffset={onOffset} onPick={onPick} />}
    </section>
  );
}

function DisposalsTable({ page, offset, onOffset, onPick }: { page: DisposalPage; offset: number; onOffset: (offset: number) => void; onPick: (disposal: DisposalView) => void }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const first = page.rows.length === 0 ? 0 : offset + 1;
  const last = offset + page.rows.length;

  function toggle(id: string) {
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <>
      <div className="tax-year-table-frame">
        <table className="tax-year-table tax-year-disposals">
          <caption>
            Disposals {formatCount(first)}–{formatCount(last)} of {formatCount(page.total)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Date sold</th>
              <th scope="col">Asset</th>
              <th scope="col">Account</th>
              <NumberHeader>Quantity</NumberHeader>
              <MoneyHeaders />
              <th scope="col">Lots</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((disposal) => {
              // One transaction can dispose of two assets (a trade paying its fee in a third).
              const key = `${disposal.transactionId}-${disposal.asset}`;
              const expanded = open.has(key);
              const lotsId = `disposal-lots-${key}`;
              return (
                <Fragment key={key}>
                  <tr data-testid={`disposal-${disposal.transactionId}`}>
                    <th scope="row">{formatTaxDate(disposal.disposedDate)}</th>
                    <td>{disposal.asset}</td>
                    <td>{disposal.account}</td>
                    <td className="number">{formatAmount(disposal.quantity)}</td>
                    <MoneyCells figures={disposal} gainTestId="disposal-gain" />
                    <td className="tax-year-actions">
                      <button type="button" aria-expanded={expanded} aria-controls={lotsId} onClick={() => toggle(key)}>
                        {expanded ? 'Hide lots' : 'Show lots'}
                      </button>
                      <button type="button" onClick={() => onPick(disposal)}>
                        Pick lots
                      </button>
                      {disposal.picked && <span className="tax-year-tag">Specific ID</span>}
                    </td>
                  </tr>
                  <tr id={lotsId} hidden={!expanded} className="tax-year-lots-row">
                    <td colSpan={8}>{expanded && <LotsTable disposal={disposal} />}</td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {page.total > DISPOSALS_PAGE_SIZE && (
        <nav className="tax-year-pager" aria-label="Disposal pages">
          <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - DISPOSALS_PAGE_SIZE))}>
            Previous page
          </button>
          <span>
            Page {formatCount(Math.floor(offset / DISPOSALS_PAGE_SIZE) + 1)} of {formatCount(Math.ceil(page.total / DISPOSALS_PAGE_SIZE))}
          </span>
          <button type="button" disabled={last >= page.total} onClick={() => onOffset(offset + DISPOSALS_PAGE_SIZE)}>
            Next page
          </button>
        </nav>
      )}
    </>
  );
}

function LotsTable({ disposal }: { disposal: DisposalView }) {
  return (
    <table className="tax-year-table tax-year-lots">
      <caption>Lots behind {describeDisposal(disposal)}</caption>
      <thead>
        <tr>
          <th scope="col">Acquired</th>
          <NumberHeader>Quantity</NumberHeader>
          <NumberHeader>Cost basis</NumberHeader>
          <NumberHeader>Proceeds</NumberHeader>
          <NumberHeader>Gain</NumberHeader>
          <th scope="col">Term</th>
        </tr>
      </thead>
      <tbody>
        {disposal.lots.map((lot, index) => (
          <tr key={`${lot.lotId ?? 'none'}-${index}`}>
            <th scope="row">
              {formatTaxDate(lot.acquiredDate)}
              {lot.missingBasis && <span className="tax-year-tag tax-year-tag-warning">No basis on record</span>}
            </th>
            <td className="number">{formatAmount(lot.quantity)}</td>
            <td className="number">{formatMoney(lot.costBasis)}</td>
            <td className="number">{formatMoney(lot.proceeds)}</td>
            <td className="number">{formatMoney(lot.gain)}</td>
            <td>{lot.term === 'long' ? 'Long-term' : 'Short-term'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
