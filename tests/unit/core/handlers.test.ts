// The contract's front door in core: dispatch over a real ledger in a temp dir. A call is
// served, refused with a typed error, or reported as failed, and never leaks a stack.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CORE_CALL_NAMES, type DemoLoaded, type LedgerStatus } from '../../../shared/api.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { createDispatcher, type Dispatch } from '../../../electron/core/handlers/dispatch.ts';
import { coreHandlers } from '../../../electron/core/handlers/index.ts';
import { array, boolean, decimal, integer, nullable, object, oneOf, optional, REQUEST_SCHEMAS, string } from '../../../electron/core/handlers/validate.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

let dir: TempDir;
let db: Database;
let dispatch: Dispatch;

beforeEach(async () => {
  dir = tempDir();
  ({ db } = await tempLedger(dir));
  dispatch = createDispatcher({ db, emit: () => {} });
});

afterEach(() => {
  if (db.open) db.close();
  dir.remove();
});

describe('the handler map', () => {
  it('serves exactly the core calls the contract names, each with a request schema', () => {
    expect(Object.keys(coreHandlers).sort()).toEqual([...CORE_CALL_NAMES].sort());
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual([...CORE_CALL_NAMES].sort());
  });
});

describe('dispatch', () => {
  it('reports an empty ledger', async () => {
    expect(await dispatch('ledger.status', {})).toEqual({ ok: true, value: { accounts: [], transactions: 0 } });
  });

  it('loads the demo data, after which the status lists its accounts', async () => {
    const loaded = await dispatch('ledger.loadDemo', {});
    expect(loaded).toMatchObject({ ok: true, value: { accounts: expect.any(Number), added: expect.any(Number) } });
    if (!loaded.ok) throw new Error('expected the demo to load');
    const demo = loaded.value as DemoLoaded;
    expect(Object.keys(demo).sort()).toEqual(['accounts', 'added']);

    const status = await dispatch('ledger.status', {});
    if (!status.ok) throw new Error('expected a status');
    const ledger = status.value as LedgerStatus;
    expect(ledger.accounts).toHaveLength(demo.accounts);
    expect(ledger.transactions).toBe(demo.added);
  });

  it.each(['ledger.drop', 'Ledger.Status', '', '__proto__', 'constructor', 'toString'])(
    'refuses the unknown call %j as not found',
    async (name) => {
      const result = await dispatch(name, {});
      expect(result).toEqual({ ok: false, error: { code: 'not-found', message: expect.stringContaining('no call named') } });
    },
  );

  it.each([42, null, undefined, { name: 'ledger.status' }])('refuses a call name that is not a string (%j)', async (name) => {
    const result = await dispatch(name, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it.each([
    [null, 'request must be an object, not null.'],
    ['status', 'request must be an object, not a string.'],
    [[], 'request must be an object, not an array.'],
    [undefined, 'request must be an object, not a undefined.'],
    [{ everything: true }, 'request has an unknown field "everything".'],
  ])('refuses the malformed request %j', async (request, message) => {
    const result = await dispatch('ledger.status', request);
    expect(result).toEqual({ ok: false, error: { code: 'bad-request', message: `ledger.status: ${message}` } });
  });

  it('turns a thrown error into a failure with its message and no stack', async () => {
    const onUnexpectedError = vi.fn();
    dispatch = createDispatcher({ db, emit: () => {} }, { onUnexpectedError });
    db.close();

    const result = await dispatch('ledger.status', {});

    expect(result).toEqual({ ok: false, error: { code: 'failed', message: 'The database connection is not open' } });
    expect(JSON.stringify(result)).not.toMatch(/\n\s+at /);
    expect(onUnexpectedError).toHaveBeenCalledWith('ledger.status', expect.any(Error));
  });

  it('reports a missing demo directory as a failure', async () => {
    dispatch = createDispatcher({ db, demoDir: dir.file('not-a-directory', ''), emit: () => {} });
    const result = await dispatch('ledger.loadDemo', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining('manifest.json') } });
  });

  it('gives a failure a message even when a handler throws something that is not an Error', async () => {
    dispatch = createDispatcher(
      { db, emit: () => {} },
      {
        handlers: {
          ...coreHandlers,
          'ledger.status': () => Promise.reject('out of cheese'),
        },
      },
    );
    expect(await dispatch('ledger.status', {})).toEqual({
      ok: false,
      error: { code: 'failed', message: 'ledger.status failed for an unknown reason.' },
    });
  });
});

describe('request schemas', () => {
  const schema = object({
    account: string({ nonEmpty: true }),
    limit: optional(integer({ min: 1, max: 500 })),
    includeUndone: optional(boolean()),
  });

  it('accept a valid request and drop absent optional fields', () => {
    expect(schema({ account: 'Coinbase', limit: 50 }, 'request')).toEqual({ ok: true, value: { account: 'Coinbase', limit: 50 } });
  });

  it.each([
    [{}, 'request.account must be a string, not a undefined.'],
    [{ account: '  ' }, 'request.account must not be empty.'],
    [{ account: 'Kraken', limit: 1.5 }, 'request.limit must be a whole number, not a number.'],
    [{ account: 'Kraken', limit: '10' }, 'request.limit must be a whole number, not a string.'],
    [{ account: 'Kraken', limit: 0 }, 'request.limit must be at least 1.'],
    [{ account: 'Kraken', limit: 501 }, 'request.limit must be at most 500.'],
    [{ account: 'Kraken', includeUndone: 'yes' }, 'request.includeUndone must be true or false, not a string.'],
  ])('say what is wrong with %j', (request, message) => {
    expect(schema(request, 'request')).toEqual({ ok: false, message });
  });
});

describe('amount, list and nullable schemas', () => {
  const amount = decimal();
  const price = decimal({ allowZero: true });

  it.each([
    ['0.5', '0.5'],
    ['19975', '19975'],
    ['0.50', '0.5'],
    ['007', '7'],
  ])('accept the amount %j as %j', (input, canonical) => {
    expect(amount(input, 'request.amount')).toEqual({ ok: true, value: canonical });
  });

  it.each([
    [0.5, 'request.amount must be a decimal string such as "0.5", not a number.'],
    ['-1', 'request.amount must be a plain decimal number such as "0.5" (digits and one point), not "-1".'],
    ['1e5', 'request.amount must be a plain decimal number such as "0.5" (digits and one point), not "1e5".'],
    ['NaN', 'request.amount must be a plain decimal number such as "0.5" (digits and one point), not "NaN".'],
    ['1,000', 'request.amount must be a plain decimal number such as "0.5" (digits and one point), not "1,000".'],
    ['.5', 'request.amount must be a plain decimal number such as "0.5" (digits and one point), not ".5".'],
    ['0.000', 'request.amount must be above zero.'],
    ['9'.repeat(65), `request.amount must be a plain decimal number such as "0.5" (digits and one point), not "${'9'.repeat(40)}".`],
  ])('refuse the amount %j', (input, message) => {
    expect(amount(input, 'request.amount')).toEqual({ ok: false, message });
  });

  it('lets a price be zero (a worthless token) but never negative', () => {
    expect(price('0', 'request.price')).toEqual({ ok: true, value: '0' });
    expect(price('-0.1', 'request.price').ok).toBe(false);
  });

  it('check every item of a list, its length and repeats', () => {
    const formats = array(oneOf(['form8949', 'turbotax'] as const), { min: 1, max: 2, unique: true });
    expect(formats(['turbotax'], 'request.formats')).toEqual({ ok: true, value: ['turbotax'] });
    expect(formats([], 'request.formats')).toEqual({ ok: false, message: 'request.formats must have at least 1 item.' });
    expect(formats(['form8949', 'turbotax', 'form8949'], 'request.formats')).toEqual({ ok: false, message: 'request.formats must have at most 2 items.' });
    expect(formats(['form8949', 'form8949'], 'request.formats')).toEqual({ ok: false, message: 'request.formats[1] repeats an earlier item.' });
    expect(formats(['form8949', 'pdf'], 'request.formats')).toEqual({ ok: false, message: 'request.formats[1] must be one of form8949, turbotax.' });
    expect(formats('form8949', 'request.formats')).toEqual({ ok: false, message: 'request.formats must be a list, not a string.' });
  });

  it('tell null (clear the field) from absent (leave it) in an optional nullable field', () => {
    const edit = object({ label: optional(nullable(string({ maxLength: 5 }))) });
    expect(edit({ label: null }, 'request')).toEqual({ ok: true, value: { label: null } });
    expect(edit({}, 'request')).toEqual({ ok: true, value: {} });
    expect(edit({ label: 'toolong' }, 'request')).toEqual({ ok: false, message: 'request.label must be at most 5 characters long.' });
  });
});

describe('requests of the app screens', () => {
  it('cap a page at 1000 rows and refuse a negative offset', () => {
    const page = REQUEST_SCHEMAS['transactions.page'];
    expect(page({ offset: 0, limit: 1000 }, 'request').ok).toBe(true);
    expect(page({ offset: 0, limit: 1001 }, 'request')).toEqual({ ok: false, message: 'request.limit must be at most 1000.' });
    expect(page({ offset: -1, limit: 10 }, 'request')).toEqual({ ok: false, message: 'request.offset must be at least 0.' });
  });

  it('refuse an unknown transaction type in an edit', () => {
    expect(REQUEST_SCHEMAS['transactions.edit']({ id: 4, type: 'sell' }, 'request')).toMatchObject({ ok: false, message: expect.stringContaining('request.type must be one of trade, deposit') });
  });
});
