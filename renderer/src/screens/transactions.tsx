// Transactions: the whole ledger in one list that stays fast at a million rows (pages
// fetched from core around what is on screen), filtered, searched and sorted; a row opens
// its detail to change its type, label or transfer link; manual transactions are added
// here; every change is announced with an Undo and listed in the history of changes.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SavedTransaction, TransactionRowView, TransactionSortKey } from '../../../shared/api.ts';
import { call, messageOf } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { formatDateTime, plural } from '../format.ts';
import { Button } from '../ui/button.tsx';
import { changeNotice } from '../ui/change-notice.ts';
import { Dialog } from '../ui/dialog.tsx';
import { useNotices } from '../ui/notices.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { usePagedRows } from '../ui/use-paged-rows.ts';
import { VirtualTable, type TableSort } from '../ui/virtual-table.tsx';
import { ChangeHistory } from './transactions/change-history.tsx';
import { SORTABLE, transactionColumns } from './transactions/columns.tsx';
import { NO_FILTERS, toFilter, TransactionFilters, type Facets, type FilterInputs } from './transactions/filters.tsx';
import { ManualTransactionForm } from './transactions/manual-transaction-form.tsx';
import { TransactionDetail } from './transactions/transaction-detail.tsx';

const DEFAULT_SORT: TableSort = { column: 'date', direction: 'desc' };

export function TransactionsScreen({ settings, go }: ScreenProps) {
  const { timeZone } = settings;
  const { notify } = useNotices();
  const [inputs, setInputs] = useState<FilterInputs>(NO_FILTERS);
  const [sort, setSort] = useState<TableSort>(DEFAULT_SORT);
  const [facets, setFacets] = useState<Facets | null>(null);
  const [facetsProblem, setFacetsProblem] = useState<string | null>(null);
  const [opened, setOpened] = useState<{ row: TransactionRowView; index: number } | null>(null);
  const [adding, setAdding] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);

  const filter = useMemo(() => toFilter(inputs, timeZone), [inputs, timeZone]);
  const sortKey: TransactionSortKey = SORTABLE[sort.column] ?? 'timestamp';
  const queryKey = JSON.stringify({ filter, sortKey, direction: sort.direction });
  const fetchPage = useCallback(
    (offset: number, limit: number) => call('transactions.page', { offset, limit, filter, sort: { key: sortKey, direction: sort.direction } }),
    [filter, sortKey, sort.direction],
  );
  const pages = usePagedRows(fetchPage, queryKey);
  const columns = useMemo(() => transactionColumns(timeZone), [timeZone]);

  const loadFacets = useCallback(async () => {
    setFacetsProblem(null);
    try {
      setFacets(await call('transactions.facets', {}));
    } catch (error) {
      setFacetsProblem(messageOf(error));
    }
  }, []);

  // The filter choices scan the whole ledger, which takes seconds at a million rows: ask
  // only once the first rows are on screen, so they never wait behind it.
  const firstPageShown = pages.status === 'ready';
  useEffect(() => {
    if (firstPageShown && facets === null) void loadFacets();
  }, [firstPageShown, facets, loadFacets]);

  const { refresh, patch } = pages;
  const onChanged = useCallback(
    (updated?: TransactionRowView, options: { newChoices?: boolean } = {}) => {
      if (updated) {
        patch((row) => row.id === updated.id, updated);
        setOpened((current) => (current && current.row.id === updated.id ? { ...current, row: updated } : current));
      }
      refresh();
      setHistoryVersion((v) => v + 1);
      // Only a new type, account or asset changes the filter choices; undo may remove one.
      if (options.newChoices) void loadFacets();
    },
    [patch, refresh, loadFacets],
  );

  function onSort(column: string) {
    setSort((current) =>
      current.column === column ? { column, direction: current.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: column === 'date' ? 'desc' : 'asc' },
    );
  }

  function onAdded({ transaction: row, changeId }: SavedTransaction) {
    setAdding(false);
    // A name the ledger did not have made a wallet account (core does it with the transaction).
    const newAccount = facets !== null && !facets.accounts.includes(row.account) ? ' (a new wallet account)' : '';
    const message = `Added a ${row.type} on ${formatDateTime(row.timestamp, timeZone)} to ${row.account}${newAccount}.`;
    notify(changeNotice(message, changeId, () => onChanged(undefined, { newChoices: true })));
    onChanged(undefined, { newChoices: true });
  }

  const filtered = queryKey !== JSON.stringify({ filter: {}, sortKey, direction: sort.direction });
  // The open row as the list now has it (after a refresh its link or type may have changed).
  const latest = opened ? pages.rowAt(opened.index) : undefined;
  const shown = opened && latest?.id === opened.row.id ? latest : opened?.row;

  return (
    <section aria-labelledby="transactions-heading" className="transactions-screen">
      <div className="screen-title">
        <h2 id="transactions-heading" tabIndex={-1}>
          Transactions
        </h2>
        <div className="button-row">
          <Button onClick={() => setAdding(true)}>Add a transaction…</Button>
          <Button aria-expanded={showHistory} aria-controls="change-history" onClick={() => setShowHistory((v) => !v)}>
            History of changes
          </Button>
        </div>
      </div>

      {showHistory && (
        <section id="change-history" aria-labelledby="change-history-heading" className="panel">
          <h3 id="change-history-heading">History of changes</h3>
          <ChangeHistory timeZone={timeZone} version={historyVersion} onUndone={() => onChanged(undefined, { newChoices: true })} />
        </section>
      )}

      <TransactionFilters facets={facets ?? (facetsProblem === null ? 'loading' : null)} inputs={inputs} onChange={setInputs} />
      {facetsProblem !== null && (
        <ErrorState what="The account, asset and type filters could not be loaded." message={facetsProblem} onRetry={() => void loadFacets()} />
      )}

      <p role="status" className="result-count">
        {pages.status === 'ready' ? `${plural(pages.total, 'transaction')}${filtered ? ' match' : ''}` : ''}
      </p>

      {pages.status === 'error' && <ErrorState what="The transactions could not be loaded." message={pages.error ?? ''} onRetry={refresh} />}
      {pages.status === 'loading' && pages.total === 0 && <LoadingState what="transactions" />}
      {pages.status === 'ready' && pages.total === 0 && !filtered ? (
        <EmptyState title="No transactions yet">
          <p>Import a CSV, add an exchange, or load the demo data from the overview.</p>
          <div className="button-row">
            <Button onClick={() => go('accounts', 'import-heading')}>Import a CSV…</Button>
            <Button onClick={() => go('accounts', 'add-exchange-heading')}>Add an exchange…</Button>
            <Button onClick={() => go('overview')}>Try the demo data</Button>
          </div>
        </EmptyState>
      ) : (
        pages.status !== 'error' &&
        (pages.status === 'ready' || pages.total > 0) && (
          <VirtualTable
            label="Transactions"
            columns={columns}
            rowCount={pages.total}
            rowAt={pages.rowAt}
            rowHeight={32}
            sort={sort}
            onSort={onSort}
            onRangeChange={pages.onRangeChange}
            onOpen={(row, index) => setOpened({ row, index })}
            selectedIndex={opened?.index ?? null}
            rowClassName={(row) => (row.problems.length > 0 ? 'has-problem' : undefined)}
            resetKey={queryKey}
            minWidth="64rem"
            empty={
              <p>
                No transactions match these filters.{' '}
                <Button variant="link" onClick={() => setInputs(NO_FILTERS)}>
                  Clear filters
                </Button>
              </p>
            }
          />
        )
      )}
      <p className="muted">Arrow keys move between rows; Enter opens one.</p>

      <Dialog
        open={shown !== undefined}
        title={shown ? `${shown.type === 'trade' ? 'Trade' : 'Transaction'} on ${formatDateTime(shown.timestamp, timeZone)}` : 'Transaction'}
        onClose={() => setOpened(null)}
        wide
      >
        {shown && <TransactionDetail transaction={shown} timeZone={timeZone} onChanged={onChanged} onDone={() => setOpened(null)} />}
      </Dialog>
      <Dialog open={adding} title="Add a transaction" onClose={() => setAdding(false)} wide>
        {adding && <ManualTransactionForm accounts={facets?.accounts ?? []} timeZone={timeZone} onAdded={onAdded} onCancel={() => setAdding(false)} />}
      </Dialog>
    </section>
  );
}
