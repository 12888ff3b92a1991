// A modal dialog on the native <dialog>: showModal() makes the rest of the page inert and
// traps focus, Escape closes it, and focus goes back to whatever opened it, so keyboard
// users never land at the top of the page after a dialog.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom; the caller decides which closes and which confirms. */
  actions?: ReactNode;
  /** A short line under the title, read as the dialog's description. */
  description?: ReactNode;
  wide?: boolean;
}

export function Dialog({ open, title, onClose, children, actions, description, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const descriptionId = useId();
  // The latest onClose without re-running the open/close effect when the caller re-renders.
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      // The first field if there is one, else the dialog itself: never the close button,
      // which a stray Enter would trigger.
      const first = dialog.querySelector<HTMLElement>('[autofocus], input:not([type=hidden]), select, textarea');
      (first ?? dialog).focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const restoreFocus = () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
      opener.current = null;
    };
    const cancel = (event: Event) => {
      // Escape: let the caller close it, so its state and the DOM agree.
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('close', restoreFocus);
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('close', restoreFocus);
      dialog.removeEventListener('cancel', cancel);
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      tabIndex={-1}
    >
      {open && (
        <>
          <header className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="link dialog-close" aria-label={`Close ${title}`} onClick={onClose}>
              ×
            </button>
          </header>
          {description && (
            <p id={descriptionId} className="muted">
              {description}
            </p>
          )}
          <div className="dialog-body">{children}</div>
          {actions && <footer className="dialog-actions">{actions}</footer>}
        </>
      )}
    </dialog>
  );
}
