// Opening the passphrase vault from the command line: the passphrase comes from
// $LOTWISE_VAULT_PASSPHRASE (scripts) or a hidden prompt, never from an argument (which
// other users of the machine could read in the process list).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassphraseVault } from '../core/secrets/passphrase-vault.ts';
import { prompt } from './prompt.ts';
import { UsageError } from './command.ts';

/** The vault beside the ledger it belongs to, unless --vault says otherwise. */
export function vaultPath(ledgerPath: string, option: string | undefined): string {
  return option ?? join(dirname(ledgerPath), 'lotwise-vault.json');
}

export async function openVault(path: string): Promise<PassphraseVault> {
  let passphrase = process.env.LOTWISE_VAULT_PASSPHRASE;
  if (passphrase === undefined) {
    const creating = !existsSync(path);
    passphrase = await prompt(creating ? 'New vault passphrase (protects your API keys): ' : 'Vault passphrase: ', { hidden: true });
    if (creating && (await prompt('Repeat the passphrase: ', { hidden: true })) !== passphrase) {
      throw new UsageError('the two passphrases differ; nothing was stored.');
    }
  }
  if (passphrase === '') throw new UsageError('the vault needs a passphrase.');
  return PassphraseVault.open(path, passphrase);
}
