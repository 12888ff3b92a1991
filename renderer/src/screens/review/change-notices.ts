// What a fix did, with a way back: after every change (a link, a price, a dismissal, a lot
// pick) the app's notice area says what changed and offers Undo, which reverses that one
// change through changes.undo and re-reads what it touched.
import { useCallback } from 'react';
import { call } from '../../api.ts';
import { useNotices } from '../../ui/notices.tsx';

export function useChangeNotices(afterUndo: () => void) {
  const { notify } = useNotices();

  /** changeId null: the change happened but core named no change to undo. */
  const changed = useCallback(
    (changeId: number | null, message: string) =>
      notify({
        message,
        tone: 'success',
        undo:
          changeId === null
            ? undefined
            : {
                run: async () => {
                  const undone = await call('changes.undo', { changeId });
                  afterUndo();
                  return `Undone: ${undone.summary}`;
                },
              },
      }),
    [notify, afterUndo],
  );

  const failed = useCallback((message: string) => notify({ message, tone: 'error' }), [notify]);

  return { changed, failed };
}
