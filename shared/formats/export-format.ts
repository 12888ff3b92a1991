// The shape every export has: a pure function from what the ledger and the tax engine
// know to the text of one or more files. Core (electron/core/exports) gathers the input
// and writes the files; nothing here touches the disk.
import type { TaxYearResult } from '../tax/types.ts';
import type { Transaction } from '../transaction.ts';

export type ExportFormatId =
  | 'form8949'
  | 'turbotax'
  | 'turbotax-universal'
  | 'taxact'
  | 'koinly'
  | 'cointracker'
  | 'coinledger'
  | 'income'
  | 'holdings'
  | 'schedule-d'
  | 'audit';

export interface ExportAccount {
  id: number;
  name: string;
  /**
   * Whether this account's broker issues Form 1099-DA (tax years from 2025): custodial
   * US exchanges do, self-custody wallets and foreign exchanges do not. Decides the
   * Form 8949 box (G/H/J/K versus I/L).
   */
  issues1099DA: boolean;
}

export interface ExportInput {
  taxYear: number;
  /** The taxpayer's IANA zone: the tax result's dates are already calendar dates in it. */
  timeZone: string;
  reportCurrency: string;
  /** The tax year as the engine computed it (tax-software and report formats). */
  result: TaxYearResult;
  accounts: ReadonlyMap<number, ExportAccount>;
  /** Every transaction in the ledger, in (timestamp, id) order (migration formats). */
  transactions: readonly Transaction[];
}

export interface ExportFile {
  /** A file name without directory: `form8949-2024.csv`, `koinly-coinbase.csv`. */
  name: string;
  text: string;
}

export interface ExportFormat {
  id: ExportFormatId;
  /** What the file is: "Form 8949 (CSV)". */
  title: string;
  /** Who takes it: "IRS Form 8949: any tax software or preparer". */
  software: string;
  write(input: ExportInput): ExportFile[];
}
