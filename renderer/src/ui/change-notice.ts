// The notice after a change the user made (an edit, a link, a price, a lot pick): what
// changed, and an Undo that reverses that one change through changes.undo. Every screen
// that changes the ledger says so the same way.
import { call } from '../api.ts';
import type { NoticeInput } from './notices.tsx';

/** changeId null: the change happened but core named no change to undo, so no Undo is offered. */
export function changeNotice(message: string, changeId: number | null, after: () => void): NoticeInput {
  return {
    message,
    tone: 'success',
    undo:
      changeId === null
        ? undefined
        : {
            run: async () => {
              const undone = await call('changes.undo', { changeId });
              after();
              return `Undone: ${undone.summary}`;
            },
          },
  };
}
