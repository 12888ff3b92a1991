// The review queue: every problem that can make a tax figure wrong, grouped by kind with
// counts, each with its fix in place. After every fix the queue is read again (so the
// counts follow), a notice says what changed with an Undo, and focus goes to the next
// problem of the same kind (the fixed one is gone, and its controls with it). A year
// filter narrows the queue to one tax year; "All years" shows everything.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { REVIEW_KINDS, type ReviewItemView, type ReviewKind, type ReviewView } from '../../../shared/api.ts';
import type { ScreenProps } from '../app.tsx';
import { formatCount } from '../format.ts';
import { SelectField } from '../ui/fields.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { useChangeNotices } from './review/change-notices.ts';
import { ReviewItem, type OnFixed } from './review/review-item.tsx';
import { REVIEW_KIND_TEXT } from './review/review-kinds.ts';
import { useCall } from './tax-year/use-call.ts';
import './review/review.css';

/** Items shown per kind before "Show all": a long queue stays quick to render and scan. */
const FIRST_ITEMS = 50;

/** Where focus goes once the queue is read again after a fix. */
interface FocusAfterFix {
  /** The queue as it was when the fix was made: focus moves once a newer one is on screen. */
  before: ReviewView;
  kind: ReviewKind;
  /** The fixed problem, then the problems of its kind after it, in the order shown. */
  candidates: string[];
}

/** The element of a listed problem, or of a group's heading. */
function queueElement(selector: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.review ${selector}`);
}

export function ReviewScreen({ settings }: ScreenProps) {
  const [year, setYear] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [focusAfterFix, setFocusAfterFix] = useState<FocusAfterFix | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const years = useCall('tax.years', {});
  const accounts = useCall('accounts.list', {});
  const review = useCall('review.list', year === null ? {} : { year }, version);

  const reread = useCallback(() => setVersion((n) => n + 1), []);
  const { changed } = useChangeNotices(reread);
  const current = review.state === 'ready' ? review.value : null;
  const onFixed: OnFixed = useCallback(
    (fixed, changeId, message) => {
      if (current !== null) {
        const ofKind = current.items.filter((item) => item.kind === fixed.kind).map((item) => item.key);
        setFocusAfterFix({ before: current, kind: fixed.kind, candidates: ofKind.slice(ofKind.indexOf(fixed.key)) });
      }
      changed(changeId, message);
      reread();
    },
    [current, changed, reread],
  );

  // The fixed problem if it is still there, else the next one of its kind, else its
  // group's heading, else (the group is gone) the screen's heading.
  useEffect(() => {
    if (focusAfterFix === null || review.state !== 'ready' || review.refreshing || review.value === focusAfterFix.before) return;
    setFocusAfterFix(null);
    // Only focus the fix took away: not where the user has gone since.
    const active = document.activeElement;
    const fixedItem = queueElement(`[data-review-key="${CSS.escape(focusAfterFix.candidates[0]!)}"]`);
    if (active !== null && active !== document.body && !fixedItem?.contains(active)) return;
    const listed = new Set(review.value.items.map((item) => item.key));
    const next = focusAfterFix.candidates.find((key) => listed.has(key));
    const target =
      (next === undefined ? null : queueElement(`[data-review-key="${CSS.escape(next)}"]`)) ??
      queueElement(`[data-review-group="${focusAfterFix.kind}"]`) ??
      heading.current;
    target?.focus();
  }, [review, focusAfterFix]);

  const yearChoices = years.state === 'ready' ? years.value.map((choice) => String(choice.year)).sort((a, b) => b.localeCompare(a)) : [];
  const accountNames = accounts.state === 'ready' ? accounts.value.map((account) => account.name) : [];

  return (
    <section className="review" aria-busy={review.state === 'loading' || (review.state === 'ready' && review.refreshing)}>
      <h2 tabIndex={-1} ref={heading}>
        Review
      </h2>
      <p className="tagline">Problems that can make a tax figure wrong, and how to fix each one.</p>

      <div className="review-toolbar">
        <SelectField
          label="Year"
          value={year === null ? '' : String(year)}
          onChange={(value) => setYear(value === '' ? null : Number(value))}
          placeholder="All years"
          options={yearChoices.map((choice) => ({ value: choice, label: choice }))}
        />
        {review.state === 'ready' && review.refreshing && (
          <span className="review-refreshing" role="status">
            Updating…
          </span>
        )}
      </div>

      {review.state === 'loading' && <LoadingState what="the review queue" />}
      {review.state === 'error' && <ErrorState what="Lotwise could not read the review queue." message={review.message} onRetry={review.retry} />}
      {review.state === 'ready' && <ReviewQueue review={review.value} timeZone={settings.timeZone} accounts={accountNames} onFixed={onFixed} />}
    </section>
  );
}

function ReviewQueue({ review, timeZone, accounts, onFixed }: { review: ReviewView; timeZone: string; accounts: string[]; onFixed: OnFixed }) {
  const total = REVIEW_KINDS.reduce((sum, kind) => sum + review.counts[kind], 0);
  const scope = review.year === null ? 'any year' : String(review.year);
  const dismissedNote =
    review.dismissed > 0 ? (
      <p className="review-dismissed">
        {formatCount(review.dismissed)} dismissed {review.dismissed === 1 ? 'problem is' : 'problems are'} not shown.
      </p>
    ) : null;

  if (total === 0 && review.items.length === 0) {
    return (
      <EmptyState title="Nothing to review">
        <p>No transaction in {scope} is missing anything the tax calculation needs.</p>
        {dismissedNote}
      </EmptyState>
    );
  }

  return (
    <>
      <ul className="review-counts" aria-label="Problems by kind">
        {REVIEW_KINDS.map((kind) => (
          <li key={kind} className={review.counts[kind] > 0 ? 'review-count has-problems' : 'review-count'}>
            <span className="review-count-label">{REVIEW_KIND_TEXT[kind].title}</span>{' '}
            <span className="number review-count-value" data-testid={`review-count-${kind}`}>
              {formatCount(review.counts[kind])}
            </span>
          </li>
        ))}
      </ul>
      {dismissedNote}
      {REVIEW_KINDS.map((kind) => (
        <ReviewGroup
          key={kind}
          kind={kind}
          count={review.counts[kind]}
          items={review.items.filter((item) => item.kind === kind)}
          timeZone={timeZone}
          accounts={accounts}
          onFixed={onFixed}
        />
      ))}
    </>
  );
}

function ReviewGroup({
  kind,
  count,
  items,
  timeZone,
  accounts,
  onFixed,
}: {
  kind: ReviewKind;
  count: number;
  items: ReviewItemView[];
  timeZone: string;
  accounts: string[];
  onFixed: OnFixed;
}) {
  const headingId = useId();
  const [showAll, setShowAll] = useState(false);
  if (count === 0) return null;
  const shown = showAll ? items : items.slice(0, FIRST_ITEMS);
  // Core lists only the first problems of a kind with very many; the count is all of them.
  const allListed = items.length >= count;
  return (
    <section className="review-group" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1} data-review-group={kind}>
        {REVIEW_KIND_TEXT[kind].title} <span className="review-group-count">({formatCount(count)})</span>
      </h3>
      <p className="review-group-explanation">{REVIEW_KIND_TEXT[kind].explanation}</p>
      <ul className="review-items">
        {shown.map((item) => (
          <ReviewItem key={item.key} item={item} timeZone={timeZone} accounts={accounts} onFixed={onFixed} />
        ))}
      </ul>
      {shown.length < count && (
        <p className="review-group-shown">
          Showing {formatCount(shown.length)} of {formatCount(count)}, oldest first.
          {!allListed && showAll && ' Fix or dismiss these to see the rest.'}
        </p>
      )}
      {shown.length < items.length && (
        <button type="button" onClick={() => setShowAll(true)}>
          {allListed ? `Show all ${formatCount(items.length)}` : `Show the first ${formatCount(items.length)}`}
        </button>
      )}
    </section>
  );
}
