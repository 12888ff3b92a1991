// A dispatcher over a fresh temporary ledger holding the demo data (resources/demo), with
// the taxpayer in New York: the fixture of the app-screen tests. `call` returns a call's
// value or throws with its error; `refuse` returns the error of a call that must fail.
import type { CallError, CallRequest, CallResponse, CoreCallName } from '../../../shared/api.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { createDispatcher, type Dispatch } from '../../../electron/core/handlers/dispatch.ts';
import type { HandlerContext } from '../../../electron/core/handlers/context.ts';
import { tempLedger, type TempDir } from '../../support/temp-ledger.ts';

export interface DemoLedger {
  db: Database;
  dispatch: Dispatch;
  call<K extends CoreCallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>>;
  refuse<K extends CoreCallName>(name: K, request: CallRequest<K>): Promise<CallError>;
  /** The ledger id of a demo row, by the ID column of its file (cb-2025-009). */
  id(demoId: string): number;
}

export async function openDispatch(dir: TempDir, context: Partial<HandlerContext> = {}, name?: string): Promise<Omit<DemoLedger, 'id'>> {
  const { db } = await tempLedger(dir, name);
  const dispatch = createDispatcher({ db, emit: () => {}, ...context });
  return {
    db,
    dispatch,
    async call(callName, request) {
      const result = await dispatch(callName, request);
      if (!result.ok) throw new Error(`${callName}: ${result.error.code}: ${result.error.message}`);
      return result.value as CallResponse<typeof callName>;
    },
    async refuse(callName, request) {
      const result = await dispatch(callName, request);
      if (result.ok) throw new Error(`${callName} was expected to fail but answered ${JSON.stringify(result.value).slice(0, 200)}`);
      return result.error;
    },
  };
}

export async function demoLedger(dir: TempDir): Promise<DemoLedger> {
  const opened = await openDispatch(dir);
  await opened.call('ledger.loadDemo', {});
  await opened.call('settings.save', { timeZone: 'America/New_York', country: 'US', currency: 'USD' });
  return {
    ...opened,
    id(demoId) {
      const id = opened.db.prepare('SELECT id FROM transactions WHERE external_id = ?').pluck().get(`id:${demoId}`) as number | undefined;
      if (id === undefined) throw new Error(`no demo row ${demoId}`);
      return id;
    },
  };
}

/** UTC ms of an ISO date-time. */
export const at = (iso: string): number => Date.parse(iso);
