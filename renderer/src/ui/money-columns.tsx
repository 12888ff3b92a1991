// The proceeds, cost basis and gain columns that every gains table shows, in the order
// Form 8949 lists them, so the export, the summary and the disposals read alike.
import type { ReactNode } from 'react';
import { formatMoney } from '../format.ts';

/** A right-aligned column heading, for figures. */
export function NumberHeader({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="number">
      {children}
    </th>
  );
}

export function MoneyHeaders() {
  return (
    <>
      <NumberHeader>Proceeds</NumberHeader>
      <NumberHeader>Cost basis</NumberHeader>
      <NumberHeader>Gain</NumberHeader>
    </>
  );
}

export interface MoneyFigures {
  /** null where the row has no such figure (a file that reports no gains): shown as "—". */
  proceeds: string | null;
  costBasis: string | null;
  gain: string | null;
}

function money(value: string | null): string {
  return value === null ? '—' : formatMoney(value);
}

export function MoneyCells({ figures, gainTestId }: { figures: MoneyFigures; gainTestId?: string }) {
  return (
    <>
      <td className="number">{money(figures.proceeds)}</td>
      <td className="number">{money(figures.costBasis)}</td>
      <td className="number" data-testid={gainTestId}>
        {money(figures.gain)}
      </td>
    </>
  );
}
