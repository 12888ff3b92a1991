// The ledger schema as ordered migration steps. Step N brings a database from
// user_version N-1 to N. Steps are append-only: never edit one that has shipped.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'accounts, import batches and transactions',
    up(db) {
      db.exec(`
        CREATE TABLE accounts (
          id          INTEGER PRIMARY KEY,
          name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
          kind        TEXT NOT NULL CHECK (kind IN ('exchange', 'wallet', 'file')),
          exchange    TEXT,                  -- ccxt id for exchange accounts
          created_at  INTEGER NOT NULL,      -- UTC ms
          settings    TEXT NOT NULL DEFAULT '{}'  -- JSON, per-account options
        );

        -- One row per import or sync run. Undo deletes the batch's transactions and
        -- keeps this row, stamped with undone_at, as history.
        CREATE TABLE import_batches (
          id           INTEGER PRIMARY KEY,
          account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          source       TEXT NOT NULL CHECK (source IN ('csv', 'api', 'manual')),
          format       TEXT,                 -- importer id, or exchange id for syncs
          file_name    TEXT,
          file_sha256  TEXT,
          header       TEXT,                 -- JSON array: the file's header, for reading raw rows
          started_at   INTEGER NOT NULL,
          finished_at  INTEGER,
          added        INTEGER NOT NULL DEFAULT 0,
          skipped      INTEGER NOT NULL DEFAULT 0,
          undone_at    INTEGER
        );

        CREATE TABLE transactions (
          id               INTEGER PRIMARY KEY,
          account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          batch_id         INTEGER REFERENCES import_batches(id) ON DELETE SET NULL,
          source           TEXT NOT NULL CHECK (source IN ('csv', 'api', 'manual')),
          external_id      TEXT NOT NULL,
          timestamp        INTEGER NOT NULL,  -- UTC ms
          type             TEXT NOT NULL,
          sent_asset       TEXT,
          sent_amount      TEXT,              -- decimal text, positive
          received_asset   TEXT,
          received_amount  TEXT,
          fee_asset        TEXT,
          fee_amount       TEXT,
          fiat_value       TEXT,              -- FMV of the whole transaction, when known
          fiat_currency    TEXT,
          label            TEXT,              -- the source's own words
          description      TEXT,
          tx_hash          TEXT,
          raw              TEXT NOT NULL,     -- original record(s), JSON; CSV rows as {line, cells}
          CHECK ((sent_asset IS NULL) = (sent_amount IS NULL)),
          CHECK ((received_asset IS NULL) = (received_amount IS NULL)),
          CHECK ((fee_asset IS NULL) = (fee_amount IS NULL)),
          UNIQUE (account_id, source, external_id)
        );
        -- No index on batch_id: undo is rare and a scan is fast, while every index costs
        -- each of a million imported rows.
        CREATE INDEX transactions_by_time ON transactions (timestamp, id);

        CREATE TABLE settings (
          key    TEXT PRIMARY KEY,
          value  TEXT NOT NULL              -- JSON
        );
      `);
    },
  },
  {
    version: 2,
    description: 'lot selections, transfer links and stored tax results',
    up(db) {
      db.exec(`
        -- Specific identification: the lots a user picked for a disposal, in order.
        CREATE TABLE lot_selections (
          disposal_transaction_id  INTEGER NOT NULL REFERENCES transactions(id) ON DELETE CASCADE,
          position                 INTEGER NOT NULL,
          lot_id                   TEXT NOT NULL,
          quantity                 TEXT NOT NULL,   -- decimal text
          chosen_at                INTEGER NOT NULL,
          PRIMARY KEY (disposal_transaction_id, position)
        );

        -- A withdrawal and a deposit the user says are one transfer between own accounts.
        CREATE TABLE transfer_links (
          withdrawal_id  INTEGER NOT NULL UNIQUE REFERENCES transactions(id) ON DELETE CASCADE,
          deposit_id     INTEGER NOT NULL UNIQUE REFERENCES transactions(id) ON DELETE CASCADE,
          linked_at      INTEGER NOT NULL,
          PRIMARY KEY (withdrawal_id, deposit_id)
        );

        -- Tax results are derived data, recomputed from the ledger and the user's choices;
        -- one run per (year, method, pool, time zone, currency), replaced when recomputed.
        CREATE TABLE tax_runs (
          id               INTEGER PRIMARY KEY,
          tax_year         INTEGER NOT NULL,
          method           TEXT NOT NULL,
          pool             TEXT NOT NULL,
          time_zone        TEXT NOT NULL,
          report_currency  TEXT NOT NULL,
          computed_at      INTEGER NOT NULL,
          totals           TEXT NOT NULL,          -- JSON, decimal strings
          holdings         TEXT NOT NULL,          -- JSON: year-end pools with their lots
          UNIQUE (tax_year, method, pool, time_zone, report_currency)
        );

        CREATE TABLE tax_disposals (
          run_id                      INTEGER NOT NULL REFERENCES tax_runs(id) ON DELETE CASCADE,
          seq                         INTEGER NOT NULL,
          kind                        TEXT NOT NULL,
          asset                       TEXT NOT NULL,
          quantity                    TEXT NOT NULL,
          lot_id                      TEXT,
          acquisition_transaction_id  INTEGER,
          acquired_date               TEXT NOT NULL,
          disposal_transaction_id     INTEGER NOT NULL,
          account_id                  INTEGER NOT NULL,
          disposed_date               TEXT NOT NULL,
          proceeds                    TEXT NOT NULL,
          cost_basis                  TEXT NOT NULL,
          gain                        TEXT NOT NULL,
          term                        TEXT NOT NULL CHECK (term IN ('short', 'long')),
          missing_price               INTEGER NOT NULL,
          missing_basis               INTEGER NOT NULL,
          PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE tax_income (
          run_id             INTEGER NOT NULL REFERENCES tax_runs(id) ON DELETE CASCADE,
          seq                INTEGER NOT NULL,
          type               TEXT NOT NULL,
          asset              TEXT NOT NULL,
          quantity           TEXT NOT NULL,
          fair_market_value  TEXT NOT NULL,
          date               TEXT NOT NULL,
          account_id         INTEGER NOT NULL,
          transaction_id     INTEGER NOT NULL,
          missing_price      INTEGER NOT NULL,
          PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE tax_removals (
          run_id                      INTEGER NOT NULL REFERENCES tax_runs(id) ON DELETE CASCADE,
          seq                         INTEGER NOT NULL,
          kind                        TEXT NOT NULL,
          asset                       TEXT NOT NULL,
          quantity                    TEXT NOT NULL,
          lot_id                      TEXT NOT NULL,
          acquired_date               TEXT NOT NULL,
          date                        TEXT NOT NULL,
          account_id                  INTEGER NOT NULL,
          transaction_id              INTEGER NOT NULL,
          cost_basis                  TEXT NOT NULL,
          fair_market_value           TEXT,
          PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE tax_warnings (
          run_id          INTEGER NOT NULL REFERENCES tax_runs(id) ON DELETE CASCADE,
          seq             INTEGER NOT NULL,
          code            TEXT NOT NULL,
          message         TEXT NOT NULL,
          transaction_id  INTEGER,
          account_id      INTEGER,
          asset           TEXT,
          date            TEXT,
          quantity        TEXT,
          PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 3,
    description: 'exchange sync: credentials reference and per-stream cursors',
    up(db) {
      db.exec(`
        -- The key in the secret vault that holds this account's API credentials; the
        -- credentials themselves are never in the ledger.
        ALTER TABLE accounts ADD COLUMN credential_ref TEXT;
        ALTER TABLE accounts ADD COLUMN last_sync_at INTEGER;

        -- Where each stream of an exchange account (trades of one market, deposits, ...)
        -- has got to: a sync resumes from here, and a re-sync fetches only what is new.
        CREATE TABLE sync_cursors (
          account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          stream      TEXT NOT NULL,
          cursor      TEXT NOT NULL,            -- JSON, the stream's own shape
          caught_up   INTEGER NOT NULL DEFAULT 0,
          records     INTEGER NOT NULL DEFAULT 0,
          updated_at  INTEGER NOT NULL,
          PRIMARY KEY (account_id, stream)
        );
      `);
    },
  },
  {
    version: 4,
    description: 'prices: candle cache, manual prices and valuations with their source',
    up(db) {
      db.exec(`
        -- Candles fetched from exchanges' public market data, each fetched once.
        CREATE TABLE price_candles (
          exchange     TEXT NOT NULL,
          symbol       TEXT NOT NULL,            -- ccxt symbol, e.g. BTC/USDT
          granularity  TEXT NOT NULL,            -- 1m, 1h, 1d
          open_time    INTEGER NOT NULL,         -- UTC ms
          open         TEXT NOT NULL,
          close        TEXT NOT NULL,
          PRIMARY KEY (exchange, symbol, granularity, open_time)
        ) WITHOUT ROWID;

        -- Time ranges already asked for, with or without candles: a range the exchange had
        -- nothing for is not asked for again, and work goes on offline from the cache.
        CREATE TABLE price_coverage (
          exchange     TEXT NOT NULL,
          symbol       TEXT NOT NULL,
          granularity  TEXT NOT NULL,
          from_time    INTEGER NOT NULL,
          to_time      INTEGER NOT NULL,
          fetched_at   INTEGER NOT NULL,
          PRIMARY KEY (exchange, symbol, granularity, from_time)
        ) WITHOUT ROWID;

        -- Prices the user entered; they win over every other source.
        CREATE TABLE manual_prices (
          asset     TEXT NOT NULL,
          time      INTEGER NOT NULL,            -- UTC ms
          currency  TEXT NOT NULL,
          price     TEXT NOT NULL,
          set_at    INTEGER NOT NULL,
          PRIMARY KEY (asset, time, currency)
        ) WITHOUT ROWID;

        -- The fair market value Lotwise found for a transaction without one of its own,
        -- and where it came from. Recomputed by \`lotwise prices fill\`.
        CREATE TABLE valuations (
          transaction_id  INTEGER PRIMARY KEY REFERENCES transactions(id) ON DELETE CASCADE,
          asset           TEXT NOT NULL,         -- the asset priced
          price           TEXT NOT NULL,         -- per unit, in currency
          value           TEXT NOT NULL,         -- the transaction's value, in currency
          currency        TEXT NOT NULL,
          source          TEXT NOT NULL,         -- manual, peg, or exchange:<id>
          pair            TEXT,                  -- e.g. binance:SOL/BTC×BTC/USDT
          granularity     TEXT,
          price_time      INTEGER,               -- the candle's open time
          valued_at       INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 5,
    description: 'the app: audited user changes, review problems and dismissals, original values of edits',
    up(db) {
      db.exec(`
        -- Every change a user makes in the app, newest last, with what undoing it needs.
        -- Undo stamps undone_at and keeps the row. \`writes\` and \`uses\` (JSON arrays of
        -- targets such as "link:12" or "tx:40") say which later changes depend on which.
        CREATE TABLE changes (
          id         INTEGER PRIMARY KEY,
          at         INTEGER NOT NULL,           -- UTC ms
          kind       TEXT NOT NULL CHECK (kind IN ('edit', 'link', 'unlink', 'manual', 'price', 'dismiss', 'pick', 'choice')),
          summary    TEXT NOT NULL,
          data       TEXT NOT NULL,              -- JSON: the before and after of what changed
          writes     TEXT NOT NULL,              -- JSON array of targets this change set
          uses       TEXT NOT NULL,              -- JSON array of targets it relies on
          undone_at  INTEGER
        );

        -- A transaction's values as imported, kept the first time the user edits it.
        CREATE TABLE transaction_originals (
          transaction_id  INTEGER PRIMARY KEY REFERENCES transactions(id) ON DELETE CASCADE,
          type            TEXT NOT NULL,
          label           TEXT,
          description     TEXT,
          kept_at         INTEGER NOT NULL
        );

        -- Review problems the user said are fine, by the problem's stable key.
        CREATE TABLE review_dismissals (
          key           TEXT PRIMARY KEY,
          reason        TEXT NOT NULL,
          dismissed_at  INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- The problems the last review computation found (derived data, replaced whole),
        -- so the transaction list can show and filter them without running the tax engine.
        CREATE TABLE review_problems (
          key             TEXT PRIMARY KEY,
          kind            TEXT NOT NULL,
          transaction_id  INTEGER,
          year            INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX review_problems_by_transaction ON review_problems (transaction_id, kind);

        -- Both halves of every transfer the last review computation paired (user links and
        -- matching transaction hashes), for the transaction list's "linked to".
        CREATE TABLE transfer_pairs (
          transaction_id  INTEGER PRIMARY KEY,
          partner_id      INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- A stored run's disposals grouped by transaction and asset, in order, so the app
        -- pages through a million disposal rows by position instead of grouping them again.
        CREATE TABLE tax_disposal_groups (
          run_id                   INTEGER NOT NULL REFERENCES tax_runs(id) ON DELETE CASCADE,
          position                 INTEGER NOT NULL,
          disposal_transaction_id  INTEGER NOT NULL,
          asset                    TEXT NOT NULL,
          first_seq                INTEGER NOT NULL,
          last_seq                 INTEGER NOT NULL,
          PRIMARY KEY (run_id, position)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 6,
    description: 'the stored transactions each import or sync met again; values found for what was given',
    up(db) {
      db.exec(`
        -- A transaction an import or sync skipped because another batch had stored it
        -- already (same external id). Undoing the batch that stored it hands it to the
        -- newest batch still in effect that met it, instead of removing what that batch's
        -- file or sync also holds. Rows are written only for what a batch skipped, so a
        -- first import writes none; an undone batch's rows are removed with its undo.
        -- Batches from before this step recorded nothing: undoing them removes as before.
        CREATE TABLE batch_skips (
          transaction_id  INTEGER NOT NULL REFERENCES transactions(id) ON DELETE CASCADE,
          batch_id        INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
          PRIMARY KEY (transaction_id, batch_id)
        ) WITHOUT ROWID;

        -- 1 when no source had a price for what a trade received, and the value is that of
        -- what was given for it (its asset is then the sent one). Values found before this
        -- step all priced their first leg.
        ALTER TABLE valuations ADD COLUMN by_given INTEGER NOT NULL DEFAULT 0 CHECK (by_given IN (0, 1));
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
