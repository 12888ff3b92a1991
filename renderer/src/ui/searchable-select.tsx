// A searchable select: a text box that filters a list as the user types (ARIA 1.2
// combobox with a listbox popup). Used where a plain <select> would mean scrolling
// through hundreds of entries: time zones, exchanges, the other side of a transfer.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { describedBy, FieldNotes, type FieldFrame } from './fields.tsx';

export interface SearchableOption {
  value: string;
  label: string;
  /** Extra text shown beside the label and matched by the search. */
  detail?: string;
}

export interface SearchableSelectProps extends FieldFrame {
  options: readonly SearchableOption[];
  value: string | null;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Rendering every match of a long list on each keystroke is wasted work: the user narrows it instead. */
  maxShown?: number;
  /** What to say when nothing matches. */
  noMatches?: string;
}

/** "America/New_York" and "new york" should meet: case, slashes and underscores ignored. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/[_/]+/g, ' ');
}

export function SearchableSelect({
  label,
  options,
  value,
  onChange,
  hint,
  error,
  placeholder,
  maxShown = 100,
  noMatches = 'Nothing matches.',
}: SearchableSelectProps) {
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // null while the user is not typing: the box then shows the chosen option.
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Said when the user typed and moved on without a choice, so the field is not silently
  // left at its old value.
  const [unchosen, setUnchosen] = useState<string | null>(null);

  const selected = options.find((option) => option.value === value) ?? null;
  const filtered = useMemo(() => {
    const words = normalize(query ?? '').split(' ').filter(Boolean);
    if (words.length === 0) return options;
    return options.filter((option) => {
      const haystack = normalize(`${option.label} ${option.value} ${option.detail ?? ''}`);
      return words.every((word) => haystack.includes(word));
    });
  }, [options, query]);
  const shownError = error ?? unchosen ?? undefined;
  const matches = filtered.length > maxShown ? filtered.slice(0, maxShown) : filtered;
  const hidden = filtered.length - matches.length;

  function choose(option: SearchableOption) {
    onChange(option.value);
    setQuery(null);
    setOpen(false);
    setUnchosen(null);
  }

  function moveTo(index: number) {
    const next = Math.max(0, Math.min(matches.length - 1, index));
    setActive(next);
    listRef.current?.querySelector(`#${CSS.escape(`${id}-option-${next}`)}`)?.scrollIntoView({ block: 'nearest' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) setOpen(true);
        else moveTo(active + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        moveTo(active - 1);
        break;
      case 'Enter': {
        const option = open ? matches[active] : undefined;
        if (option) {
          event.preventDefault();
          choose(option);
        }
        break;
      }
      case 'Escape':
        if (open) {
          // Only the popup closes; a surrounding dialog stays open.
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setQuery(null);
        }
        break;
    }
  }

  function onBlur() {
    setOpen(false);
    if (query === null || query.trim() === '') {
      setQuery(null);
      return;
    }
    // Typing an option's exact name, or enough to match only one, and moving on chooses it,
    // as a plain select would.
    const exact = options.find((option) => normalize(option.label) === normalize(query) || option.value === query);
    const only = filtered.length === 1 ? filtered[0] : undefined;
    const chosen = exact ?? only;
    if (chosen) {
      if (chosen.value !== value) onChange(chosen.value);
      setQuery(null);
      setUnchosen(null);
      return;
    }
    // The typed text stays, with why nothing was chosen.
    const matching = filtered.length === 0 ? 'nothing matches it' : `${filtered.length} choices match it`;
    setUnchosen(`"${query.trim()}" was not chosen: ${matching}. Pick one from the list${selected ? `; it is still ${selected.label}` : ''}.`);
  }

  return (
    <div className="field searchable-select">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && matches[active] ? `${id}-option-${active}` : undefined}
        aria-invalid={shownError ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, hint, shownError)}
        placeholder={placeholder}
        value={query ?? selected?.label ?? ''}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setOpen(true);
          setUnchosen(null);
        }}
        onFocus={(event) => {
          // Open on focus too: typing the name already shown changes nothing a change
          // handler would see, yet the user expects the list.
          event.target.select();
          setOpen(true);
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      <ul ref={listRef} id={listId} role="listbox" className="searchable-list" hidden={!open} aria-label={typeof label === 'string' ? label : undefined}>
        {open && matches.length === 0 && <li className="muted" role="presentation">{noMatches}</li>}
        {open &&
          matches.map((option, index) => (
            <li
              key={option.value}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={option.value === value}
              className={index === active ? 'active' : undefined}
              // mousedown would blur the box first and close the list before the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(option)}
            >
              {option.label}
              {option.detail && <span className="muted"> {option.detail}</span>}
            </li>
          ))}
        {open && hidden > 0 && (
          <li className="muted" role="presentation">
            Type to narrow down {hidden} more.
          </li>
        )}
      </ul>
      <FieldNotes hint={hint} hintId={hintId} error={shownError} errorId={errorId} />
    </div>
  );
}
