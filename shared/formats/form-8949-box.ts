// Which Form 8949 box a disposal goes in: the checkbox at the top of Part I or Part II that
// says how (and whether) a broker reported the sale to the IRS. Each box is a separate
// copy of the form, and each box's totals go on their own Schedule D line.
//
// Digital assets, as the IRS instructions for Form 8949 put them:
// - through tax year 2024 there were no digital-asset boxes: sales nobody reported on a
//   Form 1099-B go in box C (short-term) or F (long-term);
// - from tax year 2025 digital assets have boxes of their own, tied to Form 1099-DA, and
//   "do not use box C [F] to report digital asset transactions; use box I [L]":
//   G/J: reported on a 1099-DA with the basis reported to the IRS;
//   H/K: reported on a 1099-DA, basis not reported;
//   I/L: not reported on a 1099-DA (self-custody wallets, foreign exchanges).
// Brokers report gross proceeds only for 2025 (Treas. Reg. §1.6045-1 as amended in 2024),
// so a 2025 sale through a broker is H/K. From 2026 they also report the basis of units
// acquired in the same account on or after 1 January 2026 ("covered" units), so those sales
// are G/J and everything else the broker sells (units transferred in, units bought earlier)
// stays H/K.
import type { Disposal, Term } from '../tax/types.ts';
import type { ExportInput } from './export-format.ts';

export type Form8949Box = 'C' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L';

/** The order the boxes' copies of the form come in: Part I's boxes, then Part II's. */
export const FORM_8949_BOXES: readonly Form8949Box[] = ['C', 'G', 'H', 'I', 'F', 'J', 'K', 'L'];

/** First tax year with the digital-asset boxes G to L. */
export const DIGITAL_ASSET_BOXES_FROM_YEAR = 2025;
/** Brokers report the basis of units acquired in the account from this date on. */
export const BASIS_REPORTED_FOR_ACQUISITIONS_FROM = '2026-01-01';
const BASIS_REPORTED_FROM_YEAR = 2026;

const SHORT_TERM_BOXES: ReadonlySet<Form8949Box> = new Set(['C', 'G', 'H', 'I']);

export function isShortTermBox(box: Form8949Box): boolean {
  return SHORT_TERM_BOXES.has(box);
}

/** Words from the box's checkbox on the form, for reports. */
export const BOX_MEANING: Readonly<Record<Form8949Box, string>> = {
  C: 'Short-term transactions not reported to you on Form 1099-B',
  F: 'Long-term transactions not reported to you on Form 1099-B',
  G: 'Short-term digital asset transactions reported on Form 1099-DA with basis reported to the IRS',
  H: 'Short-term digital asset transactions reported on Form 1099-DA, basis not reported to the IRS',
  I: 'Short-term digital asset transactions not reported to you on Form 1099-DA',
  J: 'Long-term digital asset transactions reported on Form 1099-DA with basis reported to the IRS',
  K: 'Long-term digital asset transactions reported on Form 1099-DA, basis not reported to the IRS',
  L: 'Long-term digital asset transactions not reported to you on Form 1099-DA',
};

export interface BoxFacts {
  taxYear: number;
  term: Term;
  /** The broker of the account the units were sold from issues Form 1099-DA. */
  issues1099DA: boolean;
  /**
   * When the units were acquired in the account they were sold from: the acquisition date
   * (`YYYY-MM-DD`). Null when they came from elsewhere: a transfer in, units with no known
   * acquisition, a realised gain with no lot.
   */
  acquiredInSameAccountOn: string | null;
}

export function form8949Box(facts: BoxFacts): Form8949Box {
  const short = facts.term === 'short';
  if (facts.taxYear < DIGITAL_ASSET_BOXES_FROM_YEAR) return short ? 'C' : 'F';
  if (!facts.issues1099DA) return short ? 'I' : 'L';
  const basisReported =
    facts.acquiredInSameAccountOn !== null && facts.acquiredInSameAccountOn >= BASIS_REPORTED_FOR_ACQUISITIONS_FROM;
  if (basisReported) return short ? 'G' : 'J';
  return short ? 'H' : 'K';
}

/**
 * The box of each disposal of an export's tax year. The account of each acquisition is
 * looked up in the ledger only for tax years where it can matter (2026 on).
 */
export function createBoxOfDisposal(input: ExportInput): (disposal: Disposal) => Form8949Box {
  const { taxYear, accounts } = input;
  let acquisitionAccount: Map<number, number> | null = null;
  if (taxYear >= BASIS_REPORTED_FROM_YEAR) {
    acquisitionAccount = new Map();
    for (const transaction of input.transactions) acquisitionAccount.set(transaction.id, transaction.accountId);
  }
  return (disposal) => {
    const issues1099DA = accounts.get(disposal.accountId)?.issues1099DA ?? false;
    let acquiredInSameAccountOn: string | null = null;
    if (acquisitionAccount !== null && disposal.acquisitionTransactionId !== null) {
      if (acquisitionAccount.get(disposal.acquisitionTransactionId) === disposal.accountId) acquiredInSameAccountOn = disposal.acquiredDate;
    }
    return form8949Box({ taxYear, term: disposal.term, issues1099DA, acquiredInSameAccountOn });
  };
}
