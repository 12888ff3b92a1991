// Every core call of the contract in shared/api.ts (main serves its own), mapped to the core handler that serves it.
// Each domain keeps its handlers in its own typed file (where a call the contract does not
// name is a compile error); this map only combines them, and its type makes a contract
// call without a handler a compile error too.
import type { CoreCallName } from '../../../shared/api.ts';
import type { DomainHandlers } from './context.ts';
import { accountsHandlers } from './accounts-handlers.ts';
import { exportsHandlers } from './exports-handlers.ts';
import { importsHandlers } from './imports-handlers.ts';
import { ledgerHandlers } from './ledger-handlers.ts';
import { reportsHandlers } from './reports-handlers.ts';
import { reviewHandlers } from './review-handlers.ts';
import { settingsHandlers } from './settings-handlers.ts';
import { syncHandlers } from './sync-handlers.ts';
import { taxHandlers } from './tax-handlers.ts';
import { transactionsHandlers } from './transactions-handlers.ts';

export type Handlers = DomainHandlers<CoreCallName>;

export const coreHandlers: Handlers = {
  ...ledgerHandlers,
  ...settingsHandlers,
  ...accountsHandlers,
  ...importsHandlers,
  ...syncHandlers,
  ...transactionsHandlers,
  ...reviewHandlers,
  ...taxHandlers,
  ...reportsHandlers,
  ...exportsHandlers,
};
