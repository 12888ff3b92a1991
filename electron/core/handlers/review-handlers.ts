// The review.* calls and prices.set: the queue of problems for a year (recomputed on
// every call), dismissing one, and entering a missing price.
import type { CoreCallName } from '../../../shared/api.ts';
import { setPriceFix } from '../ledger/manual-price-changes.ts';
import { dismissProblem } from '../review/dismissals.ts';
import { refreshAfterChange, reviewView } from '../review/review-problems.ts';
import type { DomainHandlers } from './context.ts';

type ReviewCall = Extract<CoreCallName, `review.${string}` | 'prices.set'>;

export const reviewHandlers: DomainHandlers<ReviewCall> = {
  async 'review.list'({ year }, { db }) {
    return reviewView(db, year);
  },

  async 'review.dismiss'({ key, reason }, { db }) {
    // Dismissing changes no figure: the stored problems stay as they are.
    return dismissProblem(db, key, reason);
  },

  async 'prices.set'(request, { db }) {
    const { changeId } = setPriceFix(db, request);
    refreshAfterChange(db);
    return { changeId };
  },
};
