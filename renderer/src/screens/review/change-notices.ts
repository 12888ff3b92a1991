// What a fix did, with a way back: after every change (a link, a price, a dismissal, a lot
// pick) the app's notice area says what changed and offers Undo, which reverses that one
// change through changes.undo and re-reads what it touched.
import { useCallback } from 'react';
import { changeNotice } from '../../ui/change-notice.ts';
import { useNotices } from '../../ui/notices.tsx';

export function useChangeNotices(afterUndo: () => void) {
  const { notify } = useNotices();

  /** After a change: what it did, with an Undo that re-reads what it touched. */
  const changed = useCallback((changeId: number | null, message: string) => notify(changeNotice(message, changeId, afterUndo)), [notify, afterUndo]);

  const failed = useCallback((message: string) => notify({ message, tone: 'error' }), [notify]);

  return { changed, failed };
}
