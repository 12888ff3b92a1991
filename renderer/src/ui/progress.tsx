// A labelled progress bar: determinate when the fraction is known, indeterminate
// (value null) when only "working" is known. The detail line (counts, ETA) is a live
// region, so screen readers hear progress without the bar announcing every tick.
import { useId, type ReactNode } from 'react';

export interface ProgressBarProps {
  label: string;
  /** 0..1, or null while the total is unknown. */
  value: number | null;
  detail?: ReactNode;
}

export function ProgressBar({ label, value, detail }: ProgressBarProps) {
  const labelId = useId();
  return (
    <div className="progress">
      <span id={labelId} className="progress-label">
        {label}
      </span>
      {value === null ? <progress aria-labelledby={labelId} /> : <progress aria-labelledby={labelId} max={1} value={Math.min(1, Math.max(0, value))} />}
      {detail !== undefined && (
        <span className="progress-detail" role="status">
          {detail}
        </span>
      )}
    </div>
  );
}
