// The app frame: a navigation bar with one entry per screen, and the screen in view.
// First run: until the user has confirmed country, time zone and currency, the
// first-run screen is all there is. Screens own their data; the frame owns only which
// one is showing, so switching screens never loses a screen's server-side state.
import { useCallback, useEffect, useState } from 'react';
import type { AppSettings } from '../../shared/api.ts';
import { call, messageOf } from './api.ts';
import { AccountsScreen } from './screens/accounts.tsx';
import { ExportScreen } from './screens/export.tsx';
import { FirstRunScreen } from './screens/first-run.tsx';
import { OverviewScreen } from './screens/overview.tsx';
import { ReviewScreen } from './screens/review.tsx';
import { TaxYearScreen } from './screens/tax-year.tsx';
import { TransactionsScreen } from './screens/transactions.tsx';
import { NoticeProvider } from './ui/notices.tsx';
import { ErrorState, LoadingState } from './ui/states.tsx';

export const SCREENS = [
  { id: 'overview', label: 'Overview' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'transactions', label: 'Transactions' },
  { id: 'review', label: 'Review' },
  { id: 'tax-year', label: 'Tax year' },
  { id: 'export', label: 'Export' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

/** What a screen is given: how to move to another screen (e.g. "fix this" → Review). */
export interface ScreenProps {
  /** Shows a screen and moves focus to its heading, or to the element with id `focusId`. */
  go: (screen: ScreenId, focusId?: string) => void;
  settings: AppSettings;
}

type SettingsView = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; settings: AppSettings };

export function App() {
  const [settings, setSettings] = useState<SettingsView>({ state: 'loading' });
  const [screen, setScreen] = useState<ScreenId>('overview');

  const load = useCallback(async () => {
    try {
      setSettings({ state: 'ready', settings: await call('settings.get', {}) });
    } catch (error) {
      setSettings({ state: 'error', message: messageOf(error) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const go = useCallback((next: ScreenId, focusId?: string) => {
    setScreen(next);
    // Move focus to the new screen's heading (or the part asked for), so keyboard and
    // screen-reader users land where the page changed.
    requestAnimationFrame(() => {
      const target = (focusId ? document.getElementById(focusId) : null) ?? document.querySelector<HTMLElement>('main h2');
      target?.focus();
      if (focusId) target?.scrollIntoView({ block: 'start' });
    });
  }, []);

  return (
    <NoticeProvider>
      <header className="app-header">
        <h1>Lotwise</h1>
        {settings.state === 'ready' && settings.settings.configured && (
          <nav aria-label="Screens">
            <ul className="nav-list">
              {SCREENS.map((entry) => (
                <li key={entry.id}>
                  <button type="button" className="nav-item" aria-current={entry.id === screen ? 'page' : undefined} onClick={() => go(entry.id)}>
                    {entry.label}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main className="app-main" aria-busy={settings.state === 'loading'}>
        {settings.state === 'loading' && <LoadingState what="your settings" />}
        {settings.state === 'error' && <ErrorState what="Lotwise could not read your ledger." message={settings.message} onRetry={() => void load()} />}
        {settings.state === 'ready' && !settings.settings.configured && (
          <FirstRunScreen
            settings={settings.settings}
            onDone={(saved) => {
              setSettings({ state: 'ready', settings: saved });
              go('overview');
            }}
          />
        )}
        {settings.state === 'ready' && settings.settings.configured && <CurrentScreen screen={screen} go={go} settings={settings.settings} />}
      </main>
    </NoticeProvider>
  );
}

function CurrentScreen({ screen, ...props }: ScreenProps & { screen: ScreenId }) {
  switch (screen) {
    case 'overview':
      return <OverviewScreen {...props} />;
    case 'accounts':
      return <AccountsScreen {...props} />;
    case 'transactions':
      return <TransactionsScreen {...props} />;
    case 'review':
      return <ReviewScreen {...props} />;
    case 'tax-year':
      return <TaxYearScreen {...props} />;
    case 'export':
      return <ExportScreen {...props} />;
  }
}
