// `lotwise sync`: pull the new history of exchange accounts.
import { findAccount, listAccounts, type Account } from '../../core/ledger/accounts.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, UsageError, withLedger, type Command } from '../command.ts';
import { openVault, vaultPath } from '../vault-access.ts';

export const syncCommand: Command = {
  help: `Usage: lotwise sync [--account NAME] [--db PATH] [--vault PATH] [--no-rate-limit]

Reads everything new from each exchange account (or only NAME): trades, deposits,
withdrawals, conversions, rewards. Each page is saved as it arrives, so a sync that is
cancelled (Ctrl+C), fails or is killed keeps what it read and the next one continues from
there; running it again adds nothing already stored. Network errors and rate limits are
retried with backoff; a refused key stops with what to fix.

Options:
  --account NAME    sync only this account
  --db PATH         the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)
  --vault PATH      the key vault (default: lotwise-vault.json beside the ledger)
  --no-rate-limit   do not throttle requests (for local test servers only)

Exit status: 0 all synced, 1 a sync failed or is incomplete, 130 cancelled.`,

  async run(args) {
    const { values } = parseCommandArgs(
      args,
      { ...DB_OPTION, account: { type: 'string' }, vault: { type: 'string' }, 'no-rate-limit': { type: 'boolean' } },
      0,
    );
    const path = ledgerPath(values.db);
    const { syncExchangeAccount, AccountSetupError } = await import('../../core/exchanges/exchange-accounts.ts');
    return withLedger(path, true, async (db) => {
      let accounts: Account[];
      if (values.account !== undefined) {
        const account = findAccount(db, values.account);
        if (!account) throw new UsageError(`there is no account "${values.account}".`);
        accounts = [account];
      } else {
        accounts = listAccounts(db).filter((a) => a.credentialRef !== null);
        if (accounts.length === 0) {
          console.log('No exchange accounts to sync. Connect one with `lotwise account add --exchange ID --name NAME`.');
          return 0;
        }
      }
      const vault = await openVault(vaultPath(path, values.vault));
      const controller = new AbortController();
      const onInterrupt = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nCancelling after the current page (Ctrl+C again to quit at once)…\n');
        controller.abort();
      };
      process.on('SIGINT', onInterrupt);
      let exitCode = 0;
      try {
        for (const account of accounts) {
          const display = progressDisplay(account.name);
          try {
            const outcome = await syncExchangeAccount(db, vault, account, {
              signal: controller.signal,
              onProgress: display.update,
              clientOptions: { rateLimit: !values['no-rate-limit'] },
            });
            display.done();
            const streams = outcome.streams.length;
            console.log(
              `${account.name}: ${outcome.status === 'complete' ? 'up to date' : outcome.status}. ` +
                `${outcome.added} new transaction${outcome.added === 1 ? '' : 's'}, ${outcome.skipped} already stored, ${streams} stream${streams === 1 ? '' : 's'} (batch ${outcome.batchId}).`,
            );
            if (outcome.message) console.log(`  ${outcome.message}`);
            if (outcome.status === 'cancelled') return 130;
            if (outcome.status !== 'complete') exitCode = 1;
          } catch (error) {
            display.done();
            if (!(error instanceof AccountSetupError)) throw error;
            console.error(`${account.name}: ${error.message}`);
            exitCode = 1;
          }
        }
        return exitCode;
      } finally {
        process.off('SIGINT', onInterrupt);
        vault.close();
      }
    });
  },
};

/** A progress bar on a terminal; plain lines (one per stream and every few seconds) otherwise. */
function progressDisplay(name: string) {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let lastStream = '';
  return {
    update(p: import('../../core/exchanges/sync-engine.ts').SyncProgress) {
      const eta = p.etaSeconds === null ? '' : `, about ${formatSeconds(p.etaSeconds)} left in this stream`;
      const retry = p.retry ? ` — retrying in ${(p.retry.delayMs / 1000).toFixed(1)} s (${p.retry.reason.slice(0, 60)})` : '';
      const text = `${name} [${p.streamNumber}/${p.streams}] ${p.stream}: ${p.streamRecords} records (${p.records} in all, ${Math.round(p.rate)}/s${eta})${retry}`;
      if (tty) {
        const width = 20;
        const filled = Math.round((width * (p.streamNumber - 1)) / p.streams);
        process.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text.slice(0, (process.stderr.columns ?? 120) - width - 4)}`);
      } else if (p.stream !== lastStream || Date.now() - lastLine > 5000 || p.retry) {
        lastStream = p.stream;
        lastLine = Date.now();
        process.stderr.write(`${text}\n`);
      }
    },
    done() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
