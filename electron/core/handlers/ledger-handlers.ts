// The ledger.* calls: the ledger at a glance, and the demo data for a first run.
import type { CoreCallName } from '../../../shared/api.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { ledgerStatus } from '../ledger/status.ts';
import { refreshAfterChange } from '../review/review-refresh.ts';
import type { DomainHandlers } from './context.ts';

type LedgerCall = Extract<CoreCallName, `ledger.${string}`>;

export const ledgerHandlers: DomainHandlers<LedgerCall> = {
  async 'ledger.status'(_request, { db }) {
    return ledgerStatus(db);
  },

  async 'ledger.loadDemo'(_request, { db, demoDir }) {
    const { accounts, added } = await loadDemo(db, demoDir);
    await refreshAfterChange(db);
    return { accounts, added };
  },
};
