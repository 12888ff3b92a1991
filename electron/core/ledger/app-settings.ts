// The settings of the first-run screen: where the taxpayer files (the US, in US dollars,
// the only country and report currency Lotwise supports) and their time zone, which dates
// every tax event. Until the user confirms them, `configured` is false and the zone is
// this computer's.
import type { AppSettings } from '../../../shared/api.ts';
import type { Database } from '../db/open-ledger.ts';
import { isTimeZone, savedTimeZone, systemTimeZone } from '../reports/tax-choices.ts';
import { readSetting, writeSetting } from './settings.ts';

const CONFIGURED = 'app.configured';

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export function appSettings(db: Database): AppSettings {
  return {
    country: 'US',
    timeZone: savedTimeZone(db) ?? systemTimeZone(),
    currency: 'USD',
    configured: readSetting<boolean>(db, CONFIGURED) === true,
  };
}

export function saveAppSettings(db: Database, settings: { timeZone: string }): AppSettings {
  const timeZone = settings.timeZone.trim();
  if (!isTimeZone(timeZone) || timeZone === '') {
    throw new SettingsError(`"${settings.timeZone}" is not a time zone Lotwise knows; choose one such as America/New_York.`);
  }
  db.transaction(() => {
    writeSetting(db, 'tax.timeZone', timeZone);
    writeSetting(db, CONFIGURED, true);
  })();
  return appSettings(db);
}
