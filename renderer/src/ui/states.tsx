// The loading, empty and error states every screen shows, worded the same everywhere.
import type { ReactNode } from 'react';

export function LoadingState({ what }: { what: string }) {
  return (
    <p role="status" className="loading">
      Loading {what}…
    </p>
  );
}

export function ErrorState({ what, message, onRetry }: { what: string; message: string; onRetry?: () => void }) {
  return (
    <div className="problem" role="alert">
      <p>{what}</p>
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty-state">
      <h3>{title}</h3>
      {children}
    </div>
  );
}
