// Placeholder until this screen is written.
import type { ScreenProps } from '../app.tsx';

export function TransactionsScreen(_props: ScreenProps) {
  return <h2 tabIndex={-1}>TransactionsScreen</h2>;
}
