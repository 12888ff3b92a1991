// Every call of the contract in shared/api.ts, mapped to the core handler that serves it.
// Each domain keeps its handlers in its own typed file (where a call the contract does not
// name is a compile error); this map only combines them, and its type makes a contract
// call without a handler a compile error too.
import type { CallName } from '../../../shared/api.ts';
import type { DomainHandlers } from './context.ts';
import { accountsHandlers } from './accounts-handlers.ts';
import { importsHandlers } from './imports-handlers.ts';
import { ledgerHandlers } from './ledger-handlers.ts';
import { reportsHandlers } from './reports-handlers.ts';
import { syncHandlers } from './sync-handlers.ts';

export type Handlers = DomainHandlers<CallName>;

export const coreHandlers: Handlers = {
  ...ledgerHandlers,
  ...accountsHandlers,
  ...importsHandlers,
  ...syncHandlers,
  ...reportsHandlers,
};
