// The review kinds in the user's words: a heading for each group and what it means.
import type { ReviewKind } from '../../../../shared/api.ts';

export const REVIEW_KIND_TEXT: Record<ReviewKind, { title: string; explanation: string }> = {
  'missing-cost-basis': {
    title: 'Missing cost basis',
    explanation:
      'Units were sold or sent that Lotwise has no acquisition for. Until you add where they came from they count with zero cost basis, which overstates your gain.',
  },
  'unmatched-transfer': {
    title: 'Unmatched transfers',
    explanation: 'Coins left or reached one of your accounts with no matching side in another. Link the other side, or dismiss it saying what it was.',
  },
  'missing-price': {
    title: 'Missing prices',
    explanation: 'Lotwise found no US dollar price for these moments, so they count as zero until you enter one.',
  },
  'negative-balance': {
    title: 'Negative balances',
    explanation: 'An account sent more of an asset than it ever received: usually an import is missing. Add the missing acquisition or import the account it came from.',
  },
};
