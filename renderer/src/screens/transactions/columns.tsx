// The transaction list's columns, in the user's words: what was sent and received, the
// fee, the value in the report currency, and whether something needs review.
import type { ReviewKind, TransactionRowView, TransactionSortKey } from '../../../../shared/api.ts';
import { formatAmount, formatDateTime, formatMoney, typeLabel } from '../../format.ts';
import type { Column } from '../../ui/virtual-table.tsx';

export const PROBLEM_LABELS: Record<ReviewKind, string> = {
  'missing-cost-basis': 'Missing cost basis',
  'unmatched-transfer': 'Unmatched transfer',
  'missing-price': 'Missing price',
  'negative-balance': 'Negative balance',
};

/** Columns the list can be sorted by, by column id. */
export const SORTABLE: Record<string, TransactionSortKey> = {
  date: 'timestamp',
  account: 'account',
  type: 'type',
  sent: 'sentAmount',
  received: 'receivedAmount',
};

function leg(amount: string | null, asset: string | null): string {
  return amount && asset ? `${formatAmount(amount, { maxFractionDigits: 8 })} ${asset}` : '';
}

function fullLeg(amount: string | null, asset: string | null): string | undefined {
  return amount && asset ? `${formatAmount(amount)} ${asset}` : undefined;
}

export function transactionColumns(timeZone: string): Column<TransactionRowView>[] {
  return [
    { id: 'date', header: 'Date', width: '12.5rem', sortable: true, cell: (row) => formatDateTime(row.timestamp, timeZone) },
    { id: 'account', header: 'Account', width: 'minmax(7rem, 1fr)', sortable: true, cell: (row) => row.account, title: (row) => row.account },
    { id: 'type', header: 'Type', width: '8rem', sortable: true, cell: (row) => typeLabel(row.type) },
    {
      id: 'sent',
      header: 'Sent',
      width: 'minmax(9rem, 1.2fr)',
      numeric: true,
      sortable: true,
      cell: (row) => leg(row.sentAmount, row.sentAsset),
      title: (row) => fullLeg(row.sentAmount, row.sentAsset),
    },
    {
      id: 'received',
      header: 'Received',
      width: 'minmax(9rem, 1.2fr)',
      numeric: true,
      sortable: true,
      cell: (row) => leg(row.receivedAmount, row.receivedAsset),
      title: (row) => fullLeg(row.receivedAmount, row.receivedAsset),
    },
    {
      id: 'fee',
      header: 'Fee',
      width: 'minmax(6rem, 0.8fr)',
      numeric: true,
      cell: (row) => leg(row.feeAmount, row.feeAsset),
      title: (row) => fullLeg(row.feeAmount, row.feeAsset),
    },
    { id: 'value', header: 'Value (USD)', width: '8rem', numeric: true, cell: (row) => formatMoney(row.value) },
    {
      id: 'notes',
      header: 'Notes',
      width: 'minmax(8rem, 1.5fr)',
      cell: (row) => (
        <>
          {row.problems.map((kind) => (
            <span key={kind} className="tag warning">
              {PROBLEM_LABELS[kind]}
            </span>
          ))}
          {row.linkedTo !== null && <span className="tag">Transfer</span>}{' '}
          {row.label ?? row.description ?? ''}
        </>
      ),
      title: (row) => [row.problems.map((kind) => PROBLEM_LABELS[kind]).join(', '), row.label, row.description].filter(Boolean).join(' · ') || undefined,
    },
  ];
}
