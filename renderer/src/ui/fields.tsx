// Form fields with their label, an optional hint and an inline error, wired together for
// assistive technology: the label names the control, the hint and error describe it, and
// an error marks it invalid. Screens pass strings; the ids are generated here.
import { useId, type ChangeEvent, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

export interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the control and read with it; null or '' for none. */
  error?: string | null;
}

export function describedBy(hintId: string, errorId: string, hint: ReactNode, error: string | null | undefined): string | undefined {
  return [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
}

export function FieldNotes({ hint, hintId, error, errorId }: { hint: ReactNode; hintId: string; error: string | null | undefined; errorId: string }) {
  return (
    <>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </>
  );
}

/** What a labelled control takes from its Field: its id, its text and change handler, and the notes that describe it. */
interface ControlWiring {
  id: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => void;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A control's own attributes, with its text value and change handler in place of the DOM's. */
type ControlledText<Attributes> = FieldFrame &
  Omit<Attributes, 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
  };

/** The label, hint and error around one control, with the ids that tie them together. */
function Field({
  label,
  hint,
  error,
  className,
  value,
  onChange,
  control,
}: ControlledText<{ className?: string }> & { control: (wiring: ControlWiring) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {control({
        id,
        value,
        onChange: (event) => onChange(event.target.value),
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy(hintId, errorId, hint, error),
      })}
      <FieldNotes hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  );
}

export type TextFieldProps = ControlledText<InputHTMLAttributes<HTMLInputElement>>;

export function TextField({ label, hint, error, value, onChange, className, ...input }: TextFieldProps) {
  const frame = { label, hint, error, value, onChange, className };
  return <Field {...frame} control={(wiring) => <input {...input} {...wiring} />} />;
}

export type TextAreaFieldProps = ControlledText<TextareaHTMLAttributes<HTMLTextAreaElement>>;

export function TextAreaField({ label, hint, error, value, onChange, className, ...textarea }: TextAreaFieldProps) {
  const frame = { label, hint, error, value, onChange, className };
  return <Field {...frame} control={(wiring) => <textarea {...textarea} {...wiring} />} />;
}

export interface SelectOption {
  value: string;
  label: string;
}

export type SelectFieldProps = ControlledText<SelectHTMLAttributes<HTMLSelectElement>> & {
  options: readonly SelectOption[];
  /** A first option with value '' (e.g. "All accounts"). */
  placeholder?: string;
};

export function SelectField({ label, hint, error, value, onChange, options, placeholder, className, ...select }: SelectFieldProps) {
  const frame = { label, hint, error, value, onChange, className };
  return (
    <Field
      {...frame}
      control={(wiring) => (
        <select {...select} {...wiring}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export type CheckboxFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'checked' | 'type'> & {
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
};

export function CheckboxField({ label, hint, checked, onChange, className, ...input }: CheckboxFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={['field checkbox', className].filter(Boolean).join(' ')}>
      <input
        {...input}
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint ? hintId : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** A group of radio buttons under one legend, e.g. where to keep a key. */
export function RadioGroup<Value extends string>({
  legend,
  value,
  onChange,
  options,
  name,
}: {
  legend: string;
  value: Value | null;
  onChange: (value: Value) => void;
  options: readonly { value: Value; label: string; hint?: string }[];
  name: string;
}) {
  const id = useId();
  return (
    <fieldset className="radio-group">
      <legend>{legend}</legend>
      {options.map((option) => (
        <div key={option.value} className="field checkbox">
          <input
            type="radio"
            id={`${id}-${option.value}`}
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            aria-describedby={option.hint ? `${id}-${option.value}-hint` : undefined}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
          {option.hint && (
            <span id={`${id}-${option.value}-hint`} className="field-hint">
              {option.hint}
            </span>
          )}
        </div>
      ))}
    </fieldset>
  );
}
