// The contract's front door in core: dispatch over a real ledger in a temp dir. A call is
// served, refused with a typed error, or reported as failed, and never leaks a stack.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, type DemoLoaded, type LedgerStatus } from '../../../shared/api.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { createDispatcher, type Dispatch } from '../../../electron/core/handlers/dispatch.ts';
import { coreHandlers } from '../../../electron/core/handlers/index.ts';
import { boolean, integer, object, optional, REQUEST_SCHEMAS, string } from '../../../electron/core/handlers/validate.ts';
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
  it('serves exactly the calls the contract names, each with a request schema', () => {
    expect(Object.keys(coreHandlers).sort()).toEqual([...CALL_NAMES].sort());
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual([...CALL_NAMES].sort());
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
