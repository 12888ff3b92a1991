// The notice area: short messages after a change ("Type changed to Staking."), each with
// an Undo when the change can be undone. One area for the whole app, at the frame, so a
// notice outlives the screen that raised it. It is a polite live region that exists
// before any notice does, which is what makes screen readers announce new ones.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface NoticeUndo {
  /** Runs the undo; a returned string replaces the notice (e.g. "Import undone."). */
  run: () => Promise<string | void>;
  label?: string;
}

export interface NoticeInput {
  message: string;
  tone?: 'info' | 'success' | 'error';
  undo?: NoticeUndo;
}

interface Notice extends NoticeInput {
  id: number;
  undoing: boolean;
}

interface NoticeApi {
  notify: (notice: NoticeInput) => void;
}

const NoticeContext = createContext<NoticeApi | null>(null);

/** How to raise a notice from any screen. */
export function useNotices(): NoticeApi {
  const api = useContext(NoticeContext);
  if (!api) throw new Error('useNotices is used outside <NoticeProvider>.');
  return api;
}

// Long enough to read and reach Undo by keyboard; paused while the pointer or focus is in
// the area, so a notice never vanishes under the user's hand.
const NOTICE_MS = 12_000;
const MAX_NOTICES = 4;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const [paused, setPaused] = useState(false);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((notice) => notice.id !== id)), []);

  const notify = useCallback((input: NoticeInput) => {
    const id = nextId.current++;
    setNotices((all) => [...all, { ...input, id, undoing: false }].slice(-MAX_NOTICES));
  }, []);

  const undo = useCallback(async (notice: Notice) => {
    if (!notice.undo) return;
    setNotices((all) => all.map((n) => (n.id === notice.id ? { ...n, undoing: true } : n)));
    let replacement: NoticeInput;
    try {
      replacement = { message: (await notice.undo.run()) || 'Undone.', tone: 'success' };
    } catch (error) {
      replacement = { message: `Could not undo: ${error instanceof Error ? error.message : 'something went wrong.'}`, tone: 'error' };
    }
    setNotices((all) => all.map((n) => (n.id === notice.id ? { ...replacement, id: n.id, undoing: false } : n)));
  }, []);

  useEffect(() => {
    if (paused) return;
    const timers = notices
      .filter((notice) => notice.tone !== 'error' && !notice.undoing)
      .map((notice) => setTimeout(() => dismiss(notice.id), NOTICE_MS));
    return () => timers.forEach(clearTimeout);
  }, [notices, paused, dismiss]);

  const api = useMemo(() => ({ notify }), [notify]);
  return (
    <NoticeContext.Provider value={api}>
      {children}
      <section
        className="notices"
        aria-label="Notices"
        onMouseEnter={() => setPaused(true)}
        onMouseLeave={() => setPaused(false)}
        onFocus={() => setPaused(true)}
        onBlur={() => setPaused(false)}
      >
        {/* One live region for all notices; a list inside, so each notice's Undo can be found by its text. */}
        <div role="status">
          <ul className="notice-list">
            {notices.map((notice) => (
              <li key={notice.id} className={`notice-item ${notice.tone ?? 'info'}`}>
                <span className="notice-message">{notice.message}</span>
                {notice.undo && (
                  <button type="button" className="link" disabled={notice.undoing} onClick={() => void undo(notice)}>
                    {notice.undoing ? 'Undoing…' : (notice.undo.label ?? 'Undo')}
                  </button>
                )}
                <button type="button" className="link" aria-label="Dismiss" onClick={() => dismiss(notice.id)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      </section>
    </NoticeContext.Provider>
  );
}
