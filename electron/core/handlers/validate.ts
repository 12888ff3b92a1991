// Request schemas: every call's request is checked here before a handler sees it, because
// requests cross a process boundary from a renderer that is not trusted to be correct.
// A schema is a plain function (no dependency) that either returns the typed value or
// says what is wrong and where, in words a developer reading the error can act on.
import type { CallName, CallRequest } from '../../../shared/api.ts';
import { IMPORT_FORMAT_IDS } from '../../../shared/import-formats.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Checks an untrusted value; `path` names it in messages (`request.account`). */
export type Schema<T> = (value: unknown, path: string) => Checked<T>;

type Shape = Record<string, Schema<unknown>>;

/** The checked object; a field whose schema accepts undefined may be absent from the input. */
type ObjectOf<S extends Shape> = { [K in keyof S]: S[K] extends Schema<infer T> ? T : never };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function string(options: { nonEmpty?: boolean } = {}): Schema<string> {
  return (value, path) => {
    if (typeof value !== 'string') return { ok: false, message: `${path} must be a string, not ${describe(value)}.` };
    if (options.nonEmpty && value.trim() === '') return { ok: false, message: `${path} must not be empty.` };
    return { ok: true, value };
  };
}

export function integer(options: { min?: number; max?: number } = {}): Schema<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      return { ok: false, message: `${path} must be a whole number, not ${describe(value)}.` };
    }
    if (options.min !== undefined && value < options.min) return { ok: false, message: `${path} must be at least ${options.min}.` };
    if (options.max !== undefined && value > options.max) return { ok: false, message: `${path} must be at most ${options.max}.` };
    return { ok: true, value };
  };
}

export function boolean(): Schema<boolean> {
  return (value, path) =>
    typeof value === 'boolean' ? { ok: true, value } : { ok: false, message: `${path} must be true or false, not ${describe(value)}.` };
}

export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return (value, path) => (value === undefined ? { ok: true, value: undefined } : schema(value, path));
}

/**
 * A plain object with exactly these fields. Unknown fields are refused rather than
 * ignored: a misspelt option silently doing nothing is worse than an error.
 */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, message: `${path} must be an object, not ${describe(value)}.` };
    }
    const input = value as Record<string, unknown>;
    const unknownField = Object.keys(input).find((key) => !Object.hasOwn(shape, key));
    if (unknownField !== undefined) return { ok: false, message: `${path} has an unknown field "${unknownField}".` };
    const output: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(shape)) {
      const field = schema(input[key], `${path}.${key}`);
      if (!field.ok) return field;
      if (field.value !== undefined) output[key] = field.value;
    }
    return { ok: true, value: output as ObjectOf<S> };
  };
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(values: readonly T[]): Schema<T> {
  return (value, path) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? { ok: true, value: value as T }
      : { ok: false, message: `${path} must be one of ${values.join(', ')}.` };
}

const FORMAT = optional(oneOf([...IMPORT_FORMAT_IDS, 'auto'] as const));
const PATH = string({ nonEmpty: true });
const ACCOUNT = string({ nonEmpty: true });

/** The request schema of every call; the mapped type keeps it in step with the contract. */
export const REQUEST_SCHEMAS: { [K in CallName]: Schema<CallRequest<K>> } = {
  'ledger.status': object({}),
  'ledger.loadDemo': object({}),
  'accounts.list': object({}),
  'imports.preview': object({ path: PATH, format: FORMAT }),
  'imports.file': object({ path: PATH, account: ACCOUNT, format: FORMAT }),
  'imports.batches': object({}),
  'imports.undo': object({ batchId: integer({ min: 1 }) }),
  'sync.start': object({ account: ACCOUNT }),
  'sync.cancel': object({ account: ACCOUNT }),
  'reports.summary': object({
    year: integer({ min: 2009, max: 2100 }),
    method: optional(oneOf(['fifo', 'lifo', 'hifo', 'lofo'] as const)),
    basis: optional(oneOf(['universal', 'per-wallet', 'auto'] as const)),
    timeZone: optional(string({ nonEmpty: true })),
  }),
};
