// Placeholder until this screen is written: country, time zone and report currency.
import type { AppSettings } from '../../../shared/api.ts';

export function FirstRunScreen(_props: { settings: AppSettings; onDone: (saved: AppSettings) => void }) {
  return <h2 tabIndex={-1}>Welcome to Lotwise</h2>;
}
