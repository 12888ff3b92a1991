// The review.* calls and prices.set: the queue of problems for a year (recomputed on
// every call, on a large ledger on the review worker, so core serves other calls
// meanwhile), dismissing one, and entering a missing price.
import type { CoreCallName } from '../../../shared/api.ts';
import { setPriceFix } from '../ledger/manual-price-changes.ts';
import { dismissProblem } from '../review/dismissals.ts';
import { reviewView } from '../review/review-problems.ts';
import { recomputeReview, refreshAfterChange } from '../review/review-refresh.ts';
import type { DomainHandlers } from './context.ts';

type ReviewCall = Extract<CoreCallName, `review.${string}` | 'prices.set'>;

export const reviewHandlers: DomainHandlers<ReviewCall> = {
  async 'review.list'({ year }, { db }) {
    return reviewView(db, await recomputeReview(db), year);
  },

  async 'review.dismiss'({ key, reason }, { db }) {
    // Dismissing changes no figure: the stored problems stay as they are.
    return dismissProblem(db, key, reason);
  },

  async 'prices.set'(request, { db }) {
    const { changeId } = setPriceFix(db, request);
    await refreshAfterChange(db);
    return { changeId };
  },
};
