// Where the desktop app keeps its ledger, computed without Electron so the CLI uses the
// same file: Electron's userData directory for an app named "Lotwise".
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Lotwise';
export const LEDGER_FILE = 'lotwise.db';

export function userDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** The ledger file: $LOTWISE_DB when set, else the desktop app's own file. */
export function defaultLedgerPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOTWISE_DB ?? join(userDataDir(process.platform, env), LEDGER_FILE);
}
