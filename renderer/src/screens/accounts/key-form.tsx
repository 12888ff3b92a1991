// Entering an exchange API key: the key goes to main's vault (keys.save) and never comes
// back. On Linux without a keyring main cannot keep it safely on its own and asks where
// to keep it; the user picks a passphrase-locked vault or "this session only". Then the
// exchange is asked what the key may do, and the answer is said plainly; a key it refuses
// leaves the form in place, the refusal beside it, to correct the key and try again.
import { useState, type FormEvent } from 'react';
import type { KeyCheckView, KeyStorageChoice } from '../../../../shared/api.ts';
import { call, messageOf } from '../../api.ts';
import { Button } from '../../ui/button.tsx';
import { RadioGroup, TextField } from '../../ui/fields.tsx';

type Step =
  | { step: 'enter' }
  | { step: 'choose'; message: string; choices: KeyStorageChoice[] }
  | { step: 'checked'; check: KeyCheckView };

const STORAGE_LABELS: Record<KeyStorageChoice, { label: string; hint: string }> = {
  os: { label: 'The system keychain', hint: 'Encrypted by your operating system for your user account.' },
  passphrase: {
    label: 'A vault locked with a passphrase',
    hint: 'Lotwise asks for the passphrase once after it starts, the first time it needs the key (e.g. to sync).',
  },
  session: { label: 'Only until Lotwise closes', hint: 'Nothing is written to disk; you enter the key again next time.' },
};

export interface KeyFormProps {
  account: string;
  /**
   * Runs before the key is saved (e.g. creating the account); throwing stops the save and
   * shows the message. Returns the account name to file the key under.
   */
  before?: () => Promise<string>;
  onDone?: (check: KeyCheckView | null) => void;
  submitLabel?: string;
}

export function KeyForm({ account, before, onDone, submitLabel = 'Save key' }: KeyFormProps) {
  const [apiKey, setApiKey] = useState('');
  const [secret, setSecret] = useState('');
  const [password, setPassword] = useState('');
  const [storage, setStorage] = useState<KeyStorageChoice | null>(null);
  const [vaultPassphrase, setVaultPassphrase] = useState('');
  const [step, setStep] = useState<Step>({ step: 'enter' });
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<KeyCheckView | null>(null);
  const [errors, setErrors] = useState<{ apiKey?: string; secret?: string; passphrase?: string }>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (apiKey.trim() === '') found.apiKey = 'Paste the API key from the exchange’s API settings.';
    if (secret.trim() === '') found.secret = 'Paste the secret shown with the key (exchanges show it once).';
    if (step.step === 'choose' && storage === 'passphrase' && vaultPassphrase.length < 8) {
      found.passphrase = 'Use at least 8 characters; you will need it to sync.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (step.step === 'choose' && storage === null) {
      setProblem('Choose where to keep the key.');
      return;
    }
    setProblem(null);
    setRefusal(null);
    try {
      setBusy('Saving the key…');
      const target = before ? await before() : account;
      const saved = await call('keys.save', {
        account: target,
        apiKey: apiKey.trim(),
        secret: secret.trim(),
        ...(password.trim() ? { password: password.trim() } : {}),
        ...(step.step === 'choose' && storage ? { storage } : {}),
        ...(step.step === 'choose' && storage === 'passphrase' ? { passphrase: vaultPassphrase } : {}),
      });
      if (saved.status === 'needs-choice') {
        setStep({ step: 'choose', message: saved.message, choices: saved.choices });
        setStorage(null);
        return;
      }
      // The key is in main's keeping now; the page holds no copy.
      setApiKey('');
      setSecret('');
      setPassword('');
      setVaultPassphrase('');
      setBusy('Asking the exchange what this key may do…');
      let check: KeyCheckView | null = null;
      try {
        check = await call('accounts.checkKey', { account: target });
        if (check.ok) setStep({ step: 'checked', check });
        else setRefusal(check);
      } catch (error) {
        setProblem(`The key is saved, but the exchange could not be asked what it may do: ${messageOf(error)}`);
      }
      onDone?.(check);
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(null);
    }
  }

  if (step.step === 'checked') return <KeyCheckResult check={step.check} />;

  return (
    <form onSubmit={(event) => void submit(event)} className="key-form" aria-label={`API key for ${account || 'the new account'}`}>
      {refusal && <KeyCheckResult check={refusal} />}
      <TextField label="API key" value={apiKey} onChange={setApiKey} error={errors.apiKey} autoComplete="off" spellCheck={false} />
      <TextField label="API secret" type="password" value={secret} onChange={setSecret} error={errors.secret} autoComplete="off" />
      <TextField
        label="API passphrase (optional)"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="off"
        hint="Only some exchanges (e.g. KuCoin, OKX, Coinbase Exchange) issue one with the key."
      />
      <p className="muted">Create a read-only key: Lotwise only reads your history and never needs to trade or withdraw.</p>
      {step.step === 'choose' && (
        <div role="group" aria-labelledby="key-storage-message">
          <p id="key-storage-message">{step.message}</p>
          <RadioGroup
            legend="Where should Lotwise keep this key?"
            name={`storage-${account}`}
            value={storage}
            onChange={setStorage}
            options={step.choices.map((choice) => ({ value: choice, ...STORAGE_LABELS[choice] }))}
          />
          {storage === 'passphrase' && (
            <TextField
              label="Vault passphrase"
              type="password"
              value={vaultPassphrase}
              onChange={setVaultPassphrase}
              error={errors.passphrase}
              autoComplete="new-password"
              hint="It locks every key Lotwise keeps. Lotwise cannot recover it if you forget it."
            />
          )}
        </div>
      )}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={busy !== null} busyLabel={busy ?? undefined}>
          {step.step === 'choose' ? 'Keep the key there' : submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** What the exchange says the key may do, in plain words. */
export function KeyCheckResult({ check }: { check: KeyCheckView }) {
  if (!check.ok) {
    return (
      <div className="problem" role="alert">
        <p>The exchange did not accept this key for {check.account}.</p>
        {check.message && <p>{check.message}</p>}
        <p>Check that you copied the whole key and secret, and that the key is enabled; then enter them again below.</p>
      </div>
    );
  }
  const readOnly = check.canTrade === false && check.canWithdraw === false && check.warnings.length === 0;
  if (readOnly) {
    return (
      <p role="status" className="key-check ok">
        ✓ Read-only key for {check.account}: it can read your history and cannot trade or withdraw.
      </p>
    );
  }
  return (
    <div role="alert" className="key-check warning">
      <p>
        <strong>⚠ This key can do more than read.</strong> Lotwise only reads, but anyone who obtains this key could use
        its other permissions. Consider replacing it with a read-only key.
      </p>
      <ul>
        {/* Core's findings say it in the exchange's own terms; these are for when it has none. */}
        {check.warnings.length > 0 ? (
          check.warnings.map((warning) => <li key={warning}>{warning}</li>)
        ) : (
          <>
            {check.canTrade === true && <li>It can trade.</li>}
            {check.canWithdraw === true && <li>It can withdraw funds.</li>}
            {(check.canTrade === null || check.canWithdraw === null) && <li>The exchange does not say whether it can trade or withdraw.</li>}
          </>
        )}
      </ul>
      {check.message && <p>{check.message}</p>}
    </div>
  );
}
