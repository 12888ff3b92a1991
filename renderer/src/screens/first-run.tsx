// The first run: the three settings every number in Lotwise depends on — the country
// whose tax rules apply, the time zone that decides which day (and tax year) a trade
// falls on, and the report currency. Nothing else is shown until they are confirmed.
import { useMemo, useState, type FormEvent } from 'react';
import type { AppSettings } from '../../../shared/api.ts';
import { call, messageOf } from '../api.ts';
import { Button } from '../ui/button.tsx';
import { SelectField } from '../ui/fields.tsx';
import { SearchableSelect } from '../ui/searchable-select.tsx';

const COUNTRIES = [{ value: 'US', label: 'United States' }] as const;
const CURRENCIES = [{ value: 'USD', label: 'US dollar (USD)' }] as const;

/**
 * Every IANA zone the runtime knows, plus UTC (V8 lists only zones with a place, so not
 * UTC) and the saved zone, which may be an alias such as Etc/UTC.
 */
function timeZoneOptions(current: string) {
  const zones = new Set([current, 'UTC', ...Intl.supportedValuesOf('timeZone')]);
  return [...zones].map((zone) => ({ value: zone, label: zone }));
}

export function FirstRunScreen({ settings, onDone }: { settings: AppSettings; onDone: (saved: AppSettings) => void }) {
  const [timeZone, setTimeZone] = useState(settings.timeZone);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const zones = useMemo(() => timeZoneOptions(settings.timeZone), [settings.timeZone]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setProblem(null);
    try {
      onDone(await call('settings.save', { country: 'US', timeZone, currency: 'USD' }));
    } catch (error) {
      setProblem(messageOf(error));
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby="first-run-heading" className="first-run">
      <h2 id="first-run-heading" tabIndex={-1}>
        Welcome to Lotwise
      </h2>
      <p>
        Lotwise keeps your crypto history in one file on this computer and works out your tax lots from it. Nothing leaves
        this machine except requests to your own exchanges.
      </p>
      <form onSubmit={(event) => void save(event)} aria-describedby="first-run-why">
        <p id="first-run-why" className="muted">
          These decide which rules apply and which day — and so which tax year — each transaction falls on. You can change them
          later.
        </p>
        <SelectField
          label="Country"
          value="US"
          onChange={() => {}}
          options={COUNTRIES}
          hint="Lotwise computes US federal capital gains (Form 8949) for now."
        />
        <SearchableSelect
          label="Time zone"
          options={zones}
          value={timeZone}
          onChange={setTimeZone}
          hint="Type a city or region, e.g. New York or Chicago. It starts as this computer’s time zone."
        />
        <SelectField label="Report currency" value="USD" onChange={() => {}} options={CURRENCIES} hint="Form 8949 is filed in US dollars." />
        {problem && (
          <p className="problem" role="alert">
            Your settings were not saved: {problem}
          </p>
        )}
        <div className="button-row">
          <Button type="submit" variant="primary" busy={saving} busyLabel="Saving…">
            Continue
          </Button>
        </div>
      </form>
    </section>
  );
}
