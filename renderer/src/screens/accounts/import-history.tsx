// Every import and sync batch, newest first, each with an Undo that removes exactly the
// transactions it added (after asking: it can be a lot of history), except those another
// import or sync still in effect also holds, which stay with it. Transactions entered
// by hand are listed too, one row per account, but have no Undo here: each is a change of
// its own, undone from the history of changes (core refuses to undo them as a batch).
import { useState } from 'react';
import type { BatchView } from '../../../../shared/api.ts';
import { call, messageOf } from '../../api.ts';
import { formatCount, formatDateTime, plural } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { useNotices } from '../../ui/notices.tsx';

const SOURCE_LABELS: Record<BatchView['source'], string> = { csv: 'CSV import', api: 'Exchange sync', manual: 'Entered by hand' };

type UndoableBatch = BatchView & { source: 'csv' | 'api' };

function batchName(batch: UndoableBatch): string {
  return batch.fileName ? `${batch.fileName} into ${batch.account}` : `${SOURCE_LABELS[batch.source].toLowerCase()} of ${batch.account}`;
}

const BRINGS_BACK: Record<UndoableBatch['source'], string> = {
  csv: 'Importing the file again brings them back.',
  api: 'Syncing the account again brings them back.',
};

const isUndoable = (batch: BatchView): batch is UndoableBatch => batch.source !== 'manual';

/** What undoing a batch removes and keeps, as the confirmation says it and its button. */
function undoEffect(batch: UndoableBatch): { text: string; button: string } {
  const removes = batch.added - batch.keptOnUndo;
  const held = `also in another import or sync, which keeps ${batch.keptOnUndo === 1 ? 'it' : 'them'}`;
  if (removes === 0) {
    return { text: `This removes nothing: ${batch.added === 1 ? 'the transaction' : `all ${plural(batch.added, 'transaction')}`} the ${batchName(batch)} added ${batch.added === 1 ? 'is' : 'are'} ${held}.`, button: 'Undo it' };
  }
  const which = batch.keptOnUndo === 0 ? `the ${plural(removes, 'transaction')}` : `${formatCount(removes)} of the ${plural(batch.added, 'transaction')}`;
  const rest = batch.keptOnUndo === 0 ? '' : `; the other ${formatCount(batch.keptOnUndo)} ${batch.keptOnUndo === 1 ? 'is' : 'are'} ${held}`;
  return { text: `This removes ${which} the ${batchName(batch)} added${rest}. ${BRINGS_BACK[batch.source]}`, button: `Remove ${plural(removes, 'transaction')}` };
}

/** What an undo kept, said after what it removed (empty when it kept nothing). */
const keptText = (kept: number) => (kept === 0 ? '' : ` ${plural(kept, 'transaction')} also in another import or sync ${kept === 1 ? 'stays' : 'stay'}.`);

export function ImportHistory({ batches, timeZone, onChanged }: { batches: readonly BatchView[]; timeZone: string; onChanged: () => void }) {
  const { notify } = useNotices();
  const [confirming, setConfirming] = useState<UndoableBatch | null>(null);
  const [undoing, setUndoing] = useState(false);

  async function undo(batch: UndoableBatch) {
    setUndoing(true);
    try {
      const { removed, kept } = await call('imports.undo', { batchId: batch.id });
      notify({ message: `Undid the ${batchName(batch)}: ${plural(removed, 'transaction')} removed.${keptText(kept)}`, tone: 'success' });
      onChanged();
    } catch (error) {
      notify({ message: `Could not undo the ${batchName(batch)}: ${messageOf(error)}`, tone: 'error' });
    } finally {
      setUndoing(false);
      setConfirming(null);
    }
  }

  if (batches.length === 0) return <p className="muted">Nothing imported or synced yet.</p>;
  return (
    <>
      <table className="data-table">
        <caption>Imports and syncs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Account</th>
            <th scope="col">What</th>
            <th scope="col" className="number">
              Added
            </th>
            <th scope="col" className="number">
              Skipped
            </th>
            <th scope="col">
              <span className="visually-hidden">Undo</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {batches.map((batch) => (
            <tr key={batch.id} className={batch.undoneAt ? 'undone' : undefined}>
              <td>{formatDateTime(batch.startedAt, timeZone)}</td>
              <th scope="row">{batch.account}</th>
              <td>
                {SOURCE_LABELS[batch.source]}
                {batch.fileName && <span className="muted"> · {batch.fileName}</span>}
              </td>
              <td className="number">{formatCount(batch.added)}</td>
              <td className="number">{formatCount(batch.skipped)}</td>
              <td>
                {batch.undoneAt ? (
                  <span className="muted">Undone {formatDateTime(batch.undoneAt, timeZone)}</span>
                ) : isUndoable(batch) ? (
                  <Button variant="link" onClick={() => setConfirming(batch)} aria-label={`Undo the ${batchName(batch)}`}>
                    Undo
                  </Button>
                ) : (
                  <span className="muted">Undo each in Transactions → History of changes</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Dialog
        open={confirming !== null}
        title={confirming?.source === 'api' ? 'Undo this sync?' : 'Undo this import?'}
        onClose={() => setConfirming(null)}
        actions={
          <>
            <Button onClick={() => setConfirming(null)}>Keep it</Button>
            <Button variant="danger" busy={undoing} busyLabel="Undoing…" onClick={() => confirming && void undo(confirming)}>
              {confirming ? undoEffect(confirming).button : ''}
            </Button>
          </>
        }
      >
        {confirming && <p>{undoEffect(confirming).text}</p>}
      </Dialog>
    </>
  );
}
