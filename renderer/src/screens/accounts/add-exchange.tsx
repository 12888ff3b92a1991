// Adding an exchange account: pick the exchange from the searchable list of those
// Lotwise can read, name the account, enter a read-only key. The account is created
// once (a second try after a key problem reuses it), then the key form takes over.
import { useEffect, useRef, useState } from 'react';
import type { AccountView, ExchangeChoice } from '../../../../shared/api.ts';
import { call, messageOf } from '../../api.ts';
import { TextField } from '../../ui/fields.tsx';
import { SearchableSelect } from '../../ui/searchable-select.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { KeyForm } from './key-form.tsx';

type ExchangesView = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; exchanges: ExchangeChoice[] };

export function AddExchange({ accounts, onAdded }: { accounts: readonly AccountView[]; onAdded: () => void }) {
  const [exchanges, setExchanges] = useState<ExchangesView>({ state: 'loading' });
  const [exchange, setExchange] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  // The account made on the first try: a retry after a key problem must not make another.
  const created = useRef<AccountView | null>(null);

  async function load() {
    setExchanges({ state: 'loading' });
    try {
      setExchanges({ state: 'ready', exchanges: await call('accounts.exchanges', {}) });
    } catch (error) {
      setExchanges({ state: 'error', message: messageOf(error) });
    }
  }

  useEffect(() => {
    void load();
  }, []);

  const choices = exchanges.state === 'ready' ? exchanges.exchanges : [];
  const options = choices.map((choice) => ({ value: choice.id, label: choice.name, detail: choice.tuned ? '(full history)' : undefined }));

  function chooseExchange(id: string) {
    setExchange(id);
    const label = choices.find((choice) => choice.id === id)?.name ?? id;
    // Suggest the exchange's name unless the user already typed one of their own.
    if (name === '' || choices.some((choice) => choice.name === name)) setName(uniqueName(label, accounts));
  }

  async function createAccount(): Promise<string> {
    if (created.current) return created.current.name;
    if (!exchange) throw new Error('Choose an exchange first.');
    const trimmed = name.trim();
    if (trimmed === '') {
      setNameError('Give the account a name, e.g. “Kraken” or “Kraken (joint)”.');
      throw new Error('The account needs a name.');
    }
    if (accounts.some((account) => account.name === trimmed)) {
      setNameError(`There is already an account named “${trimmed}”. Choose another name.`);
      throw new Error('That name is taken.');
    }
    setNameError(null);
    created.current = await call('accounts.addExchange', { name: trimmed, exchange });
    onAdded();
    return created.current.name;
  }

  function startOver() {
    created.current = null;
    setExchange(null);
    setName('');
    setFormKey((k) => k + 1);
  }

  return (
    <section aria-labelledby="add-exchange-heading" className="panel">
      <h3 id="add-exchange-heading" tabIndex={-1}>
        Add an exchange
      </h3>
      {exchanges.state === 'loading' && <LoadingState what="the exchanges Lotwise can read" />}
      {exchanges.state === 'error' && <ErrorState what="The list of exchanges could not be loaded." message={exchanges.message} onRetry={() => void load()} />}
      {exchanges.state === 'ready' && (
        <>
          <div className="form-grid">
            <SearchableSelect label="Exchange" options={options} value={exchange} onChange={chooseExchange} placeholder="Type to search, e.g. Kraken" />
            <TextField label="Account name" value={name} onChange={setName} error={nameError} hint="How this account appears in lists and reports." />
          </div>
          {exchange && (
            <KeyForm
              key={formKey}
              account={created.current?.name ?? name}
              before={createAccount}
              submitLabel="Add exchange"
              onDone={() => onAdded()}
            />
          )}
          {created.current && (
            <button type="button" className="link" onClick={startOver}>
              Add another exchange
            </button>
          )}
        </>
      )}
    </section>
  );
}

function uniqueName(base: string, accounts: readonly AccountView[]): string {
  const taken = new Set(accounts.map((account) => account.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}
