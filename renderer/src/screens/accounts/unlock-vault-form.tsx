// Unlocking the passphrase vault: after Lotwise starts, the keys kept there stay locked
// until the user types the vault's passphrase once (keys.unlock). Only the passphrase is
// asked for, never the key again; a wrong one is said beside the field, to try again.
import { useState, type FormEvent } from 'react';
import { call, messageOf } from '../../api.ts';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/fields.tsx';

export interface UnlockVaultFormProps {
  onUnlocked: () => void;
  submitLabel: string;
}

export function UnlockVaultForm({ onUnlocked, submitLabel }: UnlockVaultFormProps) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (passphrase === '') {
      setError('Type the passphrase you chose for the vault.');
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const outcome = await call('keys.unlock', { passphrase });
      if (outcome.status === 'refused') {
        setError(outcome.message);
        return;
      }
      setPassphrase('');
      onUnlocked();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="key-form" aria-label="Unlock the key vault">
      <TextField
        label="Vault passphrase"
        type="password"
        value={passphrase}
        onChange={setPassphrase}
        autoComplete="current-password"
      />
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Unlocking the vault…">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
