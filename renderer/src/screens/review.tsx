// Placeholder until this screen is written.
import type { ScreenProps } from '../app.tsx';

export function ReviewScreen(_props: ScreenProps) {
  return <h2 tabIndex={-1}>ReviewScreen</h2>;
}
