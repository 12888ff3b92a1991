// The filters above the transaction list: account, asset and type (from the values the
// ledger holds, which take seconds to gather on a large ledger: until then those three
// say they are loading), a date range in the user's time zone, "needs review only", and a
// search that waits for a pause in typing before asking core again.
import { useEffect, useState } from 'react';
import type { TransactionFilter } from '../../../../shared/api.ts';
import { typeLabel, zonedTimeToUtc } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { CheckboxField, SelectField, TextField } from '../../ui/fields.tsx';

export interface Facets {
  accounts: string[];
  assets: string[];
  types: string[];
}

/** What the inputs hold, as typed; turned into a TransactionFilter by toFilter. */
export interface FilterInputs {
  account: string;
  asset: string;
  type: string;
  from: string;
  to: string;
  hasProblem: boolean;
  search: string;
}

export const NO_FILTERS: FilterInputs = { account: '', asset: '', type: '', from: '', to: '', hasProblem: false, search: '' };

/** The day after a YYYY-MM-DD date: the range's end is exclusive in core, inclusive on screen. */
function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}

export function toFilter(inputs: FilterInputs, timeZone: string): TransactionFilter {
  const filter: TransactionFilter = {};
  if (inputs.account) filter.account = inputs.account;
  if (inputs.asset) filter.asset = inputs.asset;
  if (inputs.type) filter.type = inputs.type;
  const from = inputs.from ? zonedTimeToUtc(inputs.from, timeZone) : null;
  if (from !== null) filter.from = from;
  const to = inputs.to ? zonedTimeToUtc(nextDay(inputs.to), timeZone) : null;
  if (to !== null) filter.to = to;
  if (inputs.hasProblem) filter.hasProblem = true;
  if (inputs.search.trim()) filter.search = inputs.search.trim();
  return filter;
}

export function TransactionFilters({
  facets,
  inputs,
  onChange,
}: {
  /** The choices; 'loading' until core answers, null when it could not (the screen says why). */
  facets: Facets | 'loading' | null;
  inputs: FilterInputs;
  onChange: (inputs: FilterInputs) => void;
}) {
  // The search box answers every keystroke; the list follows 300 ms after the last one.
  const [search, setSearch] = useState(inputs.search);
  useEffect(() => setSearch(inputs.search), [inputs.search]);
  useEffect(() => {
    if (search === inputs.search) return;
    const timer = setTimeout(() => onChange({ ...inputs, search }), 300);
    return () => clearTimeout(timer);
  }, [search, inputs, onChange]);

  const set = <K extends keyof FilterInputs>(key: K, value: FilterInputs[K]) => onChange({ ...inputs, [key]: value });
  const dateError = inputs.from && inputs.to && inputs.to < inputs.from ? 'The end date is before the start date.' : null;
  const filtered = JSON.stringify({ ...inputs, search }) !== JSON.stringify(NO_FILTERS);
  const choices = facets === 'loading' ? null : facets;
  // Without its choices a list is disabled and says why, instead of opening empty.
  const choiceProps = (all: string) =>
    choices ? { placeholder: all } : { placeholder: facets === 'loading' ? 'Loading…' : 'Not available', disabled: true };

  return (
    <div role="search" className="filters" aria-label="Filter transactions">
      <TextField label="Search" type="search" value={search} onChange={setSearch} placeholder="Description, label, asset, tx hash" />
      <SelectField
        label="Account"
        value={inputs.account}
        onChange={(value) => set('account', value)}
        {...choiceProps('All accounts')}
        options={(choices?.accounts ?? []).map((name) => ({ value: name, label: name }))}
      />
      <SelectField
        label="Asset"
        value={inputs.asset}
        onChange={(value) => set('asset', value)}
        {...choiceProps('All assets')}
        options={(choices?.assets ?? []).map((asset) => ({ value: asset, label: asset }))}
      />
      <SelectField
        label="Type"
        value={inputs.type}
        onChange={(value) => set('type', value)}
        {...choiceProps('All types')}
        options={(choices?.types ?? []).map((type) => ({ value: type, label: typeLabel(type) }))}
      />
      <TextField label="From" type="date" value={inputs.from} onChange={(value) => set('from', value)} />
      <TextField label="To" type="date" value={inputs.to} onChange={(value) => set('to', value)} error={dateError} />
      <CheckboxField label="Needs review only" checked={inputs.hasProblem} onChange={(value) => set('hasProblem', value)} />
      {filtered && (
        <Button variant="link" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
