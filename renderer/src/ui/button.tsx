// The app's one button: a plain <button type="button"> (never an accidental submit) with
// the house variants, and a busy state that keeps the button's place and says what is
// happening instead of going blank.
import type { ButtonHTMLAttributes, ReactNode } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  /** While true the button is disabled and shows busyLabel (e.g. "Importing…"). */
  busy?: boolean;
  busyLabel?: ReactNode;
}

export function Button({ variant = 'secondary', busy = false, busyLabel, className, disabled, children, type = 'button', ...rest }: ButtonProps) {
  const classes = [variant === 'secondary' ? '' : variant, className].filter(Boolean).join(' ') || undefined;
  return (
    <button {...rest} type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined}>
      {busy && busyLabel !== undefined ? busyLabel : children}
    </button>
  );
}
