// Importing a CSV: pick a file (main's open dialog, or a file dropped on the zone when the
// app can tell its path), see what Lotwise makes of it before anything is written — the
// format it detected, the first transactions, every problem with its line and column —
// choose the account it belongs to, then import it as one batch that can be undone.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { AccountView, ImportOutcome, ImportPreview } from '../../../../shared/api.ts';
import { call, messageOf, onEvent } from '../../api.ts';
import { formatCount, formatDateTime, formatQuantity, plural, typeLabel } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/fields.tsx';
import { useNotices } from '../../ui/notices.tsx';
import { ProgressBar } from '../../ui/progress.tsx';
import { LoadingState } from '../../ui/states.tsx';

type PreviewView =
  | { state: 'none' }
  | { state: 'loading'; path: string }
  | { state: 'error'; path: string; message: string }
  | { state: 'ready'; path: string; preview: ImportPreview };

/** How a format id reads ("coinbase" → "Coinbase"): also the suggested account name. */
const FORMAT_NAMES: Record<string, string> = {
  koinly: 'Koinly universal',
  cointracker: 'CoinTracker',
  coinledger: 'CoinLedger universal',
  coinbase: 'Coinbase',
  kraken: 'Kraken',
  binance: 'Binance',
  lotwise: 'Lotwise template',
};

const EXCHANGE_FORMATS = new Set(['coinbase', 'kraken', 'binance']);

/** How long a drop waits for main's files.dropped before saying the file cannot be read. */
const DROP_WAIT_MS = 1500;

/** "1234.5 BTC" (as core writes a leg) with its digits grouped. */
function legText(leg: string | null): string {
  if (!leg) return '';
  const [amount, ...asset] = leg.split(' ');
  return formatQuantity(amount, asset.join(' ')) || leg;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function CsvImport({ accounts, timeZone, onImported }: { accounts: readonly AccountView[]; timeZone: string; onImported: () => void }) {
  const { notify } = useNotices();
  const [preview, setPreview] = useState<PreviewView>({ state: 'none' });
  const [account, setAccount] = useState('');
  const [accountError, setAccountError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  /** Why the import call itself failed (the file gone or unreadable since its preview, ...): no line is at fault. */
  const [failure, setFailure] = useState<string | null>(null);
  const [dropNote, setDropNote] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [rowsRead, setRowsRead] = useState(0);

  useEffect(() => (importing ? onEvent('import.progress', ({ rowsRead: read }) => setRowsRead(read)) : undefined), [importing]);

  async function open(path: string) {
    setPreview({ state: 'loading', path });
    setOutcome(null);
    setFailure(null);
    setDropNote(null);
    try {
      const answer = await call('imports.preview', { path });
      setPreview({ state: 'ready', path, preview: answer });
      // An exchange's own export belongs to that exchange; a tax tool's export may span many.
      if (account === '' && answer.format && EXCHANGE_FORMATS.has(answer.format)) setAccount(FORMAT_NAMES[answer.format]!);
    } catch (error) {
      setPreview({ state: 'error', path, message: messageOf(error) });
    }
  }

  async function choose() {
    try {
      const { path } = await call('dialog.openCsv', {});
      if (path) await open(path);
    } catch (error) {
      setDropNote(messageOf(error));
    }
  }

  // The page never learns a dropped file's path: Electron's preload reads it from the real
  // drop and main sends it back as files.dropped once it has accepted it as picked. A drop
  // that no such event follows (a browser, a file main refused) gets a note instead.
  const openLatest = useRef(open);
  openLatest.current = open;
  const awaitingDrop = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () =>
      onEvent('files.dropped', ({ path }) => {
        clearTimeout(awaitingDrop.current ?? undefined);
        void openLatest.current(path);
      }),
    [],
  );
  useEffect(() => () => clearTimeout(awaitingDrop.current ?? undefined), []);

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file) return;
    clearTimeout(awaitingDrop.current ?? undefined);
    awaitingDrop.current = setTimeout(() => setDropNote(`“${file.name}” cannot be read from here: use Choose file… to pick it.`), DROP_WAIT_MS);
  }

  async function runImport() {
    if (preview.state !== 'ready') return;
    const name = account.trim();
    if (name === '') {
      setAccountError('Name the account this file’s history belongs to, e.g. “Coinbase”.');
      return;
    }
    setAccountError(null);
    setRowsRead(0);
    setOutcome(null);
    setFailure(null);
    setImporting(true);
    try {
      const result = await call('imports.file', { path: preview.path, account: name });
      setOutcome(result);
      const batchId = result.ok ? result.batchId : null;
      if (result.ok && batchId === null) {
        notify({ message: `${fileName(preview.path)} has no transactions: nothing was imported.`, tone: 'info' });
      } else if (result.ok && batchId !== null) {
        onImported();
        notify({
          message: `Imported ${fileName(preview.path)} into ${name}: ${plural(result.added, 'transaction')} added, ${formatCount(result.skipped)} already there.`,
          tone: 'success',
          undo: {
            run: async () => {
              const { removed } = await call('imports.undo', { batchId });
              onImported();
              setOutcome(null);
              return `Import undone: ${plural(removed, 'transaction')} removed.`;
            },
          },
        });
      }
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setImporting(false);
    }
  }

  return (
    <section aria-labelledby="import-heading" className="panel">
      <h3 id="import-heading" tabIndex={-1}>
        Import a CSV
      </h3>
      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a CSV export here, or</p>
        <Button variant="primary" onClick={() => void choose()}>
          Choose file…
        </Button>
        <p className="muted">Exports from Coinbase, Kraken, Binance, Koinly, CoinTracker and CoinLedger are recognised.</p>
      </div>
      {dropNote && (
        <p className="problem" role="alert">
          {dropNote}
        </p>
      )}
      {preview.state === 'loading' && <LoadingState what={`a preview of ${fileName(preview.path)}`} />}
      {preview.state === 'error' && (
        <div className="problem" role="alert">
          <p>{fileName(preview.path)} could not be read.</p>
          <p>{preview.message}</p>
        </div>
      )}
      {preview.state === 'ready' && (
        <PreviewDetails path={preview.path} preview={preview.preview} timeZone={timeZone} />
      )}
      {preview.state === 'ready' && preview.preview.format !== null && preview.preview.problemCount === 0 && (
        <div className="import-confirm">
          <TextField
            label="Account for this file"
            value={account}
            onChange={setAccount}
            error={accountError}
            list="import-account-names"
            hint="An existing account, or a new name to create one."
          />
          <datalist id="import-account-names">
            {accounts.map((existing) => (
              <option key={existing.id} value={existing.name} />
            ))}
          </datalist>
          <Button variant="primary" onClick={() => void runImport()} busy={importing} busyLabel="Importing…">
            Import {plural(preview.preview.rows, 'row')}
          </Button>
        </div>
      )}
      {importing && preview.state === 'ready' && (
        <ProgressBar
          label={`Importing ${fileName(preview.path)}`}
          value={preview.preview.rows > 0 ? rowsRead / preview.preview.rows : null}
          detail={`${formatCount(rowsRead)} of ${plural(preview.preview.rows, 'row')} read`}
        />
      )}
      {outcome && <OutcomeDetails outcome={outcome} />}
      {failure && preview.state === 'ready' && (
        <div className="problem" role="alert">
          <p>{fileName(preview.path)} was not imported. The ledger is unchanged.</p>
          <p>{failure}</p>
        </div>
      )}
    </section>
  );
}

function PreviewDetails({ path, preview, timeZone }: { path: string; preview: ImportPreview; timeZone: string }) {
  return (
    <div className="import-preview">
      <p role="status">
        {preview.format
          ? `${fileName(path)}: ${FORMAT_NAMES[preview.format] ?? preview.format} format, ${plural(preview.rows, 'row')}.`
          : `${fileName(path)}: Lotwise does not recognise this file’s columns.`}
      </p>
      {preview.format === null && (
        <p>
          Its columns are: {preview.header.join(', ') || 'none'}. Export the history again from the exchange as CSV, or fill in the Lotwise
          template (see the Lotwise documentation).
        </p>
      )}
      {preview.transactions.length > 0 && (
        <table className="data-table">
          <caption>First transactions in the file</caption>
          <thead>
            <tr>
              <th scope="col" className="number">Line</th>
              <th scope="col">Date</th>
              <th scope="col">Type</th>
              <th scope="col" className="number">Sent</th>
              <th scope="col" className="number">Received</th>
              <th scope="col" className="number">Fee</th>
            </tr>
          </thead>
          <tbody>
            {preview.transactions.map((transaction) => (
              <tr key={transaction.line}>
                <td className="number">{transaction.line}</td>
                <td>{formatDateTime(transaction.timestamp, timeZone)}</td>
                <td>{typeLabel(transaction.type)}</td>
                <td className="number">{legText(transaction.sent)}</td>
                <td className="number">{legText(transaction.received)}</td>
                <td className="number">{legText(transaction.fee)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ProblemList problems={preview.problems} problemCount={preview.problemCount} />
    </div>
  );
}

function ProblemList({ problems, problemCount }: { problems: ImportPreview['problems']; problemCount: number }) {
  if (problemCount === 0) return <p className="muted">No problems found in the file.</p>;
  return (
    <div className="import-problems">
      <p className="problem">
        {plural(problemCount, 'problem')} found. Lotwise imports a file whole or not at all: correct these lines in the file,
        save it, and choose it again.
      </p>
      <table className="data-table">
        <caption>Problems in the file</caption>
        <thead>
          <tr>
            <th scope="col" className="number">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Value</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, index) => (
            <tr key={`${problem.line}-${problem.column ?? ''}-${index}`}>
              <td className="number">{problem.line}</td>
              <td>{problem.column ?? (problem.columnNumber !== null ? `#${problem.columnNumber}` : '')}</td>
              <td>
                <code>{problem.value ?? ''}</code>
              </td>
              <td>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problemCount > problems.length && <p className="muted">…and {formatCount(problemCount - problems.length)} more.</p>}
    </div>
  );
}

function OutcomeDetails({ outcome }: { outcome: ImportOutcome }) {
  if (outcome.ok && outcome.batchId === null) {
    return (
      <p className="notice" role="status">
        The file has no transactions: nothing was imported.
      </p>
    );
  }
  if (outcome.ok) {
    return (
      <p className="notice" role="status">
        {plural(outcome.added, 'transaction')} added, {formatCount(outcome.skipped)} skipped as already in the ledger.
      </p>
    );
  }
  return (
    <div className="problem" role="alert">
      <p>Nothing was imported: the file has {plural(outcome.problemCount, 'problem')}. The ledger is unchanged.</p>
      <ProblemList problems={outcome.problems} problemCount={outcome.problemCount} />
    </div>
  );
}
