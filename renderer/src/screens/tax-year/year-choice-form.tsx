// Which year, and how its lots are matched: the lot method, saved for the year, and the
// basis pool, one for every year (each year's lots follow from the years before), both
// saved with tax.setChoice the moment they change. Each menu's label says which years it
// applies to, and its hint in one line what the chosen option means.
import type { LotMethodId, PoolModeId, YearChoiceView } from '../../../../shared/api.ts';
import { SelectField } from '../../ui/fields.tsx';
import { METHODS, POOLS } from './lot-choices.ts';

export function YearChoiceForm({
  years,
  choice,
  onYear,
  onChoice,
}: {
  years: number[];
  choice: YearChoiceView;
  onYear: (year: number) => void;
  onChoice: (choice: YearChoiceView) => void;
}) {
  return (
    <div className="tax-year-choice">
      <SelectField label="Year" value={String(choice.year)} onChange={(value) => onYear(Number(value))} options={years.map((year) => ({ value: String(year), label: String(year) }))} />
      <SelectField
        label={`Method for ${choice.year}`}
        value={choice.method}
        hint={METHODS.find((m) => m.id === choice.method)?.explanation}
        onChange={(value) => onChoice({ ...choice, method: value as LotMethodId })}
        options={METHODS.map((m) => ({ value: m.id, label: m.name }))}
      />
      <SelectField
        label="Pool for every year"
        value={choice.basis}
        hint={POOLS.find((p) => p.id === choice.basis)?.explanation}
        onChange={(value) => onChoice({ ...choice, basis: value as PoolModeId })}
        options={POOLS.map((p) => ({ value: p.id, label: p.name }))}
      />
    </div>
  );
}
