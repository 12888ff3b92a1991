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
  /** When it leaves (epoch ms, moved on by the time it was paused); null: it stays until dismissed. */
  leavesAt: number | null;
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

// Long enough to read, and with an Undo to reach it by keyboard; each notice keeps its own
// time from when it appeared, so a run of changes does not keep the earlier ones up. The
// time stands still while the pointer or focus is in the area, so a notice never vanishes
// under the user's hand. An error stays until dismissed. At most a few are shown, newest
// last, so they never cover more than a corner of the screen.
const NOTICE_MS = 10_000;
const UNDO_NOTICE_MS = 20_000;
const MAX_NOTICES = 3;

function leavesAt(input: NoticeInput): number | null {
  if (input.tone === 'error') return null;
  return Date.now() + (input.undo ? UNDO_NOTICE_MS : NOTICE_MS);
}

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;
  const pausedSince = useRef<number | null>(null);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((notice) => notice.id !== id)), []);

  const notify = useCallback((input: NoticeInput) => {
    const id = nextId.current++;
    setNotices((all) => [...all, { ...input, id, undoing: false, leavesAt: leavesAt(input) }].slice(-MAX_NOTICES));
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
    setNotices((all) => all.map((n) => (n.id === notice.id ? { ...replacement, id: n.id, undoing: false, leavesAt: leavesAt(replacement) } : n)));
  }, []);

  // A pause moves every notice's time on by its length.
  useEffect(() => {
    if (paused) {
      pausedSince.current ??= Date.now();
      return;
    }
    const since = pausedSince.current;
    if (since === null) return;
    pausedSince.current = null;
    const pause = Date.now() - since;
    setNotices((all) => all.map((n) => (n.leavesAt === null ? n : { ...n, leavesAt: n.leavesAt + pause })));
  }, [paused]);

  // One timer, for the next notice to leave; a notice being undone waits for its answer.
  useEffect(() => {
    if (paused) return;
    const times = notices.flatMap((n) => (n.leavesAt === null || n.undoing ? [] : [n.leavesAt]));
    if (times.length === 0) return;
    const timer = setTimeout(
      () => {
        const now = Date.now();
        setNotices((all) => all.filter((n) => n.leavesAt === null || n.undoing || n.leavesAt > now));
      },
      Math.max(0, Math.min(...times) - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [notices, paused]);

  const api = useMemo(() => ({ notify }), [notify]);
  return (
    <NoticeContext.Provider value={api}>
      {children}
      <section
        className="notices"
        aria-label="Notices"
        onMouseEnter={() => setHovered(true)}
        onMouseLeave={() => setHovered(false)}
        onFocus={() => setFocused(true)}
        onBlur={(event) => setFocused(event.currentTarget.contains(event.relatedTarget))}
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
