// The audit trail of the user's own changes (edits, links, manual transactions, ...),
// newest first, each with an Undo.
import { useCallback, useEffect, useState } from 'react';
import type { ChangeView } from '../../../../shared/api.ts';
import { call, messageOf } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';

const KIND_LABELS: Record<ChangeView['kind'], string> = {
  edit: 'Edit',
  link: 'Transfer link',
  unlink: 'Transfer unlink',
  manual: 'Manual transaction',
  price: 'Price',
  dismiss: 'Dismissed problem',
  pick: 'Lots picked',
  choice: 'Tax choice',
};

export function ChangeHistory({ timeZone, version, onUndone }: { timeZone: string; version: number; onUndone: () => void }) {
  const [changes, setChanges] = useState<{ state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; changes: ChangeView[] }>({
    state: 'loading',
  });
  const [undoing, setUndoing] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setChanges({ state: 'ready', changes: await call('changes.list', { limit: 100 }) });
    } catch (error) {
      setChanges({ state: 'error', message: messageOf(error) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, version]);

  async function undo(change: ChangeView) {
    setUndoing(change.id);
    setProblem(null);
    try {
      await call('changes.undo', { changeId: change.id });
      onUndone();
    } catch (error) {
      setProblem(`“${change.summary}” could not be undone: ${messageOf(error)}`);
    } finally {
      setUndoing(null);
    }
  }

  if (changes.state === 'loading') return <LoadingState what="the history of your changes" />;
  if (changes.state === 'error') return <ErrorState what="The history of your changes could not be loaded." message={changes.message} onRetry={() => void load()} />;
  if (changes.changes.length === 0) return <p className="muted">No changes yet. Edits, transfer links and manual transactions appear here, each with an Undo.</p>;
  return (
    <>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <table className="data-table">
        <caption>Your changes, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Kind</th>
            <th scope="col">Change</th>
            <th scope="col">
              <span className="visually-hidden">Undo</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {changes.changes.map((change) => (
            <tr key={change.id} className={change.undoneAt ? 'undone' : undefined}>
              <td>{formatDateTime(change.at, timeZone)}</td>
              <td>{KIND_LABELS[change.kind]}</td>
              <th scope="row">{change.summary}</th>
              <td>
                {change.undoneAt ? (
                  <span className="muted">Undone</span>
                ) : (
                  <Button variant="link" busy={undoing === change.id} busyLabel="Undoing…" onClick={() => void undo(change)} aria-label={`Undo: ${change.summary}`}>
                    Undo
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
