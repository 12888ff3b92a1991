// Export: the files a tax program imports, for one year. Pick the year and the formats
// (each named with the software it is for), choose a folder in main's dialog, write, and
// see every file written with its rows and totals. The year's open review problems are
// counted beside it with a way to Review: they can make the figures wrong, but the user
// may export anyway. Writing runs in core; the screen stays usable and the Export button
// cannot be pressed twice while it runs.
import { useId, useState, type FormEvent } from 'react';
import { REVIEW_KINDS, type ExportedFileView, type ExportFormatView, type ReviewView, type YearChoiceView } from '../../../shared/api.ts';
import { call, messageOf } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { Button } from '../ui/button.tsx';
import { CheckboxField, SelectField } from '../ui/fields.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { ExportedFiles } from './export/exported-files.tsx';
import { formatCount } from '../format.ts';
import { REVIEW_KIND_TEXT } from './review/review-kinds.ts';
import { methodName, poolName } from './tax-year/lot-choices.ts';
import { useCall } from './tax-year/use-call.ts';
import './export/export.css';

type Outcome = { state: 'idle' } | { state: 'writing' } | { state: 'done'; year: number; folder: string; files: ExportedFileView[] } | { state: 'error'; message: string };

export function ExportScreen({ go }: ScreenProps) {
  const years = useCall('tax.years', {});
  const formats = useCall('exports.formats', {});

  const loading = years.state === 'loading' || formats.state === 'loading';

  return (
    <section className="export" aria-busy={loading}>
      <h2 tabIndex={-1}>Export</h2>
      <p className="tagline">Write the files your tax software imports, into a folder you choose.</p>
      {loading && <LoadingState what="the years and export formats" />}
      {years.state === 'error' && <ErrorState what="Lotwise could not list your tax years." message={years.message} onRetry={years.retry} />}
      {formats.state === 'error' && <ErrorState what="Lotwise could not list its export formats." message={formats.message} onRetry={formats.retry} />}
      {years.state === 'ready' && years.value.length === 0 && (
        <EmptyState title="Nothing to export yet">
          <p>Once your ledger has transactions, each year they cover can be exported here.</p>
          <button type="button" onClick={() => go('overview')}>
            Go to Overview
          </button>
        </EmptyState>
      )}
      {years.state === 'ready' && years.value.length > 0 && formats.state === 'ready' && <ExportForm years={years.value} formats={formats.value} go={go} />}
    </section>
  );
}

function ExportForm({ years, formats, go }: { years: YearChoiceView[]; formats: ExportFormatView[]; go: ScreenProps['go'] }) {
  const ids = { folder: useId(), problem: useId() };
  const ordered = [...years].sort((a, b) => b.year - a.year);
  const [year, setYear] = useState<number>(ordered[0]?.year ?? new Date().getFullYear());
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [folder, setFolder] = useState<string | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const choice = years.find((y) => y.year === year);
  const review = useCall('review.list', { year });
  const writing = outcome.state === 'writing';

  function toggle(id: string, on: boolean) {
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function chooseFolder() {
    setChoosing(true);
    try {
      const { path } = await call('dialog.chooseFolder', {});
      if (path !== null) {
        setFolder(path);
        setProblem(null);
      }
    } catch (error) {
      setProblem(`The folder dialog did not open: ${messageOf(error)}`);
    } finally {
      setChoosing(false);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (writing) return;
    if (chosen.size === 0) {
      setProblem('Choose at least one format to export.');
      return;
    }
    if (folder === null) {
      setProblem('Choose the folder to save the files in.');
      return;
    }
    setProblem(null);
    setOutcome({ state: 'writing' });
    // In the order the formats are listed, whatever order they were ticked in.
    const wanted = formats.map((f) => f.id).filter((id) => chosen.has(id));
    try {
      const { files } = await call('exports.write', { year, formats: wanted, folder });
      setOutcome({ state: 'done', year, folder, files });
    } catch (error) {
      setOutcome({ state: 'error', message: messageOf(error) });
    }
  }

  return (
    <>
      <form className="export-form" onSubmit={(event) => void submit(event)} noValidate aria-describedby={problem !== null ? ids.problem : undefined}>
        <SelectField
          label="Year"
          value={String(year)}
          onChange={(value) => setYear(Number(value))}
          disabled={writing}
          options={ordered.map((y) => ({ value: String(y.year), label: String(y.year) }))}
          hint={
            choice && (
              <>
                Figures use {methodName(choice.method)} with the {poolName(choice.basis).toLowerCase()} pool, as chosen on{' '}
                <button type="button" className="link export-inline-link" onClick={() => go('tax-year')}>
                  Tax year
                </button>
                .
              </>
            )
          }
        />

        {review.state === 'ready' && review.value.year === year && <OpenProblems year={year} review={review.value} go={go} />}

        <fieldset className="export-formats" disabled={writing}>
          <legend>Formats</legend>
          {formats.map((format) => (
            <CheckboxField
              key={format.id}
              checked={chosen.has(format.id)}
              onChange={(on) => toggle(format.id, on)}
              label={
                <>
                  {format.label} <span className="export-software">— {format.software}</span>
                </>
              }
            />
          ))}
        </fieldset>

        <div className="export-field">
          <span className="export-field-label" id={ids.folder}>
            Folder
          </span>
          <div className="export-folder">
            <Button onClick={() => void chooseFolder()} disabled={choosing || writing}>
              Choose folder…
            </Button>
            <output aria-labelledby={ids.folder} className="export-folder-path" data-testid="export-folder">
              {folder ?? 'No folder chosen yet'}
            </output>
          </div>
        </div>

        <div role="alert">
          {problem !== null && (
            <p id={ids.problem} className="problem">
              {problem}
            </p>
          )}
        </div>

        <Button type="submit" variant="primary" busy={writing} busyLabel="Exporting…">
          Export
        </Button>
      </form>

      <p role="status" className="export-status">
        {outcome.state === 'writing'
          ? `Writing ${formatCount(chosen.size)} ${chosen.size === 1 ? 'format' : 'formats'} for ${year}…`
          : outcome.state === 'done'
            ? `Wrote ${formatCount(outcome.files.length)} ${outcome.files.length === 1 ? 'file' : 'files'} for ${outcome.year} to ${outcome.folder}.`
            : ''}
      </p>
      {outcome.state === 'error' && (
        <ErrorState
          what="Lotwise could not write the files."
          message={`${outcome.message} Check that the folder still exists and that you may write to it, or choose another folder, then export again.`}
        />
      )}
      {outcome.state === 'done' && <ExportedFiles year={outcome.year} files={outcome.files} formats={formats} />}
    </>
  );
}

/** The year's open review problems, by kind, and the way to them; nothing when there are none. */
function OpenProblems({ year, review, go }: { year: number; review: ReviewView; go: ScreenProps['go'] }) {
  const kinds = REVIEW_KINDS.filter((kind) => review.counts[kind] > 0);
  const total = kinds.reduce((sum, kind) => sum + review.counts[kind], 0);
  if (total === 0) return null;
  const byKind = kinds.map((kind) => `${REVIEW_KIND_TEXT[kind].title.toLowerCase()}: ${formatCount(review.counts[kind])}`).join(', ');
  return (
    <div className="export-open-problems" data-testid="export-open-problems">
      <p>
        <strong>
          {formatCount(total)} open review {total === 1 ? 'problem' : 'problems'} in {year}
        </strong>{' '}
        ({byKind}) can make these files wrong. You can still export, and export again once {total === 1 ? 'it is' : 'they are'} fixed.
      </p>
      <button type="button" onClick={() => go('review')}>
        Fix {total === 1 ? 'it' : 'them'} in Review
      </button>
    </div>
  );
}
