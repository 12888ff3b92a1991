// Request schemas: every call's request is checked here before a handler sees it, because
// requests cross a process boundary from a renderer that is not trusted to be correct.
// A schema is a plain function (no dependency) that either returns the typed value or
// says what is wrong and where, in words a developer reading the error can act on.
import type { CallRequest, CoreCallName, TransactionSortKey } from '../../../shared/api.ts';
import { EXPORT_FORMATS } from '../../../shared/formats/registry.ts';
import { IMPORT_FORMAT_IDS } from '../../../shared/import-formats.ts';
import { canonicalDecimalText } from '../../../shared/money.ts';
import { TRANSACTION_TYPES } from '../../../shared/transaction.ts';

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

/** Longest string any request may carry unless its schema says otherwise. */
const MAX_STRING = 4096;

export function string(options: { nonEmpty?: boolean; maxLength?: number } = {}): Schema<string> {
  const maxLength = options.maxLength ?? MAX_STRING;
  return (value, path) => {
    if (typeof value !== 'string') return { ok: false, message: `${path} must be a string, not ${describe(value)}.` };
    if (options.nonEmpty && value.trim() === '') return { ok: false, message: `${path} must not be empty.` };
    if (value.length > maxLength) return { ok: false, message: `${path} must be at most ${maxLength} characters long.` };
    return { ok: true, value };
  };
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/**
 * An amount as a plain decimal string ("0.5", "19975"): no sign, exponent, separators or
 * number type (a JS number cannot carry an amount exactly). Above zero unless `allowZero`.
 * Checked in canonical form ("0.50" → "0.5").
 */
export function decimal(options: { allowZero?: boolean } = {}): Schema<string> {
  return (value, path) => {
    if (typeof value !== 'string') return { ok: false, message: `${path} must be a decimal string such as "0.5", not ${describe(value)}.` };
    if (value.length > 64 || !PLAIN_DECIMAL.test(value)) {
      return { ok: false, message: `${path} must be a plain decimal number such as "0.5" (digits and one point), not ${JSON.stringify(value.slice(0, 40))}.` };
    }
    const canonical = canonicalDecimalText(value)!;
    if (!options.allowZero && canonical === '0') return { ok: false, message: `${path} must be above zero.` };
    return { ok: true, value: canonical };
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

export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return (value, path) => (value === null ? { ok: true, value: null } : schema(value, path));
}

/** A list of at most `max` items (at least `min`), each checked; `unique` refuses repeats. */
export function array<T>(item: Schema<T>, options: { max: number; min?: number; unique?: boolean }): Schema<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return { ok: false, message: `${path} must be a list, not ${describe(value)}.` };
    if (value.length > options.max) return { ok: false, message: `${path} must have at most ${options.max} items.` };
    if (value.length < (options.min ?? 0)) return { ok: false, message: `${path} must have at least ${options.min} item${options.min === 1 ? '' : 's'}.` };
    const output: T[] = [];
    for (let i = 0; i < value.length; i++) {
      const checked = item(value[i], `${path}[${i}]`);
      if (!checked.ok) return checked;
      if (options.unique && output.includes(checked.value)) return { ok: false, message: `${path}[${i}] repeats an earlier item.` };
      output.push(checked.value);
    }
    return { ok: true, value: output };
  };
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
const ACCOUNT = string({ nonEmpty: true, maxLength: 200 });
const ASSET = string({ nonEmpty: true, maxLength: 40 });
const ID = integer({ min: 1 });
const YEAR = integer({ min: 2009, max: 2100 });
/** UTC ms from 2009 (the first block) to 2100. */
const TIMESTAMP = integer({ min: Date.UTC(2009, 0, 1), max: Date.UTC(2100, 0, 1) });
const OFFSET = integer({ min: 0 });
/** Rows per page: the renderer pages, it never asks for everything. */
const LIMIT = integer({ min: 1, max: 1000 });
const METHOD = oneOf(['fifo', 'lifo', 'hifo', 'lofo'] as const);
const BASIS = oneOf(['universal', 'per-wallet', 'auto'] as const);
const TRANSACTION_TYPE = oneOf(TRANSACTION_TYPES);
const SORT_KEYS: readonly TransactionSortKey[] = ['timestamp', 'account', 'type', 'sentAmount', 'receivedAmount'];
const LEG = object({ amount: decimal(), asset: ASSET });

/** The request schema of every core call; the mapped type keeps it in step with the contract. */
export const REQUEST_SCHEMAS: { [K in CoreCallName]: Schema<CallRequest<K>> } = {
  'ledger.status': object({}),
  'ledger.loadDemo': object({}),
  'settings.get': object({}),
  'settings.save': object({ timeZone: string({ nonEmpty: true, maxLength: 100 }), country: oneOf(['US'] as const), currency: oneOf(['USD'] as const) }),
  'accounts.list': object({}),
  'accounts.exchanges': object({}),
  'accounts.addExchange': object({ name: ACCOUNT, exchange: string({ nonEmpty: true, maxLength: 64 }) }),
  'accounts.checkKey': object({ account: ACCOUNT }),
  'imports.preview': object({ path: PATH, format: FORMAT }),
  'imports.file': object({ path: PATH, account: ACCOUNT, format: FORMAT }),
  'imports.batches': object({}),
  'imports.undo': object({ batchId: ID }),
  'sync.start': object({ account: ACCOUNT }),
  'sync.cancel': object({ account: ACCOUNT }),
  'transactions.page': object({
    offset: OFFSET,
    limit: LIMIT,
    filter: optional(
      object({
        account: optional(ACCOUNT),
        asset: optional(ASSET),
        type: optional(TRANSACTION_TYPE),
        from: optional(TIMESTAMP),
        to: optional(TIMESTAMP),
        hasProblem: optional(boolean()),
        search: optional(string({ maxLength: 200 })),
      }),
    ),
    sort: optional(object({ key: oneOf(SORT_KEYS), direction: oneOf(['asc', 'desc'] as const) })),
  }),
  'transactions.facets': object({}),
  'transactions.edit': object({
    id: ID,
    type: optional(TRANSACTION_TYPE),
    label: optional(nullable(string({ maxLength: 500 }))),
    description: optional(nullable(string({ maxLength: 2000 }))),
  }),
  'transactions.link': object({ withdrawalId: ID, depositId: ID }),
  'transactions.unlink': object({ withdrawalId: ID }),
  'transactions.add': object({
    account: ACCOUNT,
    timestamp: TIMESTAMP,
    type: TRANSACTION_TYPE,
    sent: optional(LEG),
    received: optional(LEG),
    fee: optional(LEG),
    value: optional(decimal({ allowZero: true })),
    description: optional(string({ maxLength: 2000 })),
  }),
  'changes.list': object({ limit: optional(LIMIT) }),
  'changes.undo': object({ changeId: ID }),
  'review.list': object({ year: optional(YEAR) }),
  'review.dismiss': object({ key: string({ nonEmpty: true, maxLength: 300 }), reason: string({ nonEmpty: true, maxLength: 1000 }) }),
  'prices.set': object({ asset: ASSET, timestamp: TIMESTAMP, price: decimal({ allowZero: true }) }),
  'tax.years': object({}),
  'tax.setChoice': object({ year: YEAR, method: METHOD, basis: BASIS }),
  'reports.summary': object({ year: YEAR, method: optional(METHOD), basis: optional(BASIS), timeZone: optional(string({ nonEmpty: true, maxLength: 100 })) }),
  'reports.charts': object({ year: YEAR, method: optional(METHOD), basis: optional(BASIS) }),
  'reports.disposals': object({ year: YEAR, method: optional(METHOD), basis: optional(BASIS), offset: OFFSET, limit: LIMIT }),
  'reports.compare': object({ year: YEAR, basis: optional(BASIS) }),
  'lots.available': object({ transactionId: ID, basis: optional(BASIS) }),
  'lots.pick': object({ transactionId: ID, lots: array(object({ lotId: string({ nonEmpty: true, maxLength: 200 }), quantity: decimal() }), { max: 1000 }) }),
  'exports.formats': object({}),
  'exports.write': object({
    year: YEAR,
    formats: array(oneOf(EXPORT_FORMATS.map((f) => f.id)), { min: 1, max: EXPORT_FORMATS.length, unique: true }),
    folder: PATH,
    method: optional(METHOD),
    basis: optional(BASIS),
  }),
};
