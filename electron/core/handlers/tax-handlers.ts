// The tax.* and lots.* calls: the lot method and basis of each tax year, and Specific ID:
// the lots a disposal could use and the user's pick among them.
import type { CoreCallName } from '../../../shared/api.ts';
import { lotsAvailable, pickLots } from '../ledger/lot-picks.ts';
import { setTaxChoice, taxYears, yearChoice } from '../ledger/tax-choice-changes.ts';
import { refreshAfterChange } from '../review/review-refresh.ts';
import type { DomainHandlers } from './context.ts';

type TaxCall = Extract<CoreCallName, `tax.${string}` | `lots.${string}`>;

export const taxHandlers: DomainHandlers<TaxCall> = {
  async 'tax.years'(_request, { db }) {
    return taxYears(db);
  },

  async 'tax.setChoice'(choice, { db }) {
    const { changeId } = setTaxChoice(db, choice);
    await refreshAfterChange(db);
    return { ...yearChoice(db, choice.year), changeId };
  },

  async 'lots.available'({ transactionId, basis }, { db }) {
    return lotsAvailable(db, transactionId, basis).lots;
  },

  async 'lots.pick'({ transactionId, lots }, { db }) {
    const outcome = pickLots(db, transactionId, lots);
    await refreshAfterChange(db);
    return outcome;
  },
};
