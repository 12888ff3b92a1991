// Placeholder until this screen is written.
import type { ScreenProps } from '../app.tsx';

export function AccountsScreen(_props: ScreenProps) {
  return <h2 tabIndex={-1}>AccountsScreen</h2>;
}
