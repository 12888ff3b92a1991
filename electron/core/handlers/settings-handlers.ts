// The settings.* calls: the first-run settings (country, currency, time zone) and whether
// the user has confirmed them.
import type { CoreCallName } from '../../../shared/api.ts';
import { appSettings, saveAppSettings } from '../ledger/app-settings.ts';
import type { DomainHandlers } from './context.ts';

type SettingsCall = Extract<CoreCallName, `settings.${string}`>;

export const settingsHandlers: DomainHandlers<SettingsCall> = {
  async 'settings.get'(_request, { db }) {
    return appSettings(db);
  },

  async 'settings.save'({ timeZone }, { db }) {
    return saveAppSettings(db, { timeZone });
  },
};
