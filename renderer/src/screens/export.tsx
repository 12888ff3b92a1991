// Placeholder until this screen is written.
import type { ScreenProps } from '../app.tsx';

export function ExportScreen(_props: ScreenProps) {
  return <h2 tabIndex={-1}>ExportScreen</h2>;
}
