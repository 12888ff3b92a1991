// The `lotwise` command as a user runs it: a real process, real files, real exit codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const root = join(import.meta.dirname, '../../..');
const bin = join(root, 'bin/lotwise.js');
const noCcxt = join(root, 'tests/support/no-ccxt.mjs');

function lotwise(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', noCcxt, bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const HEADER =
  'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash';

let dir: TempDir;
let db: string;
beforeEach(() => {
  dir = tempDir();
  db = join(dir.path, 'ledger.db');
});
afterEach(() => dir.remove());

describe('lotwise', () => {
  it('prints help for itself and every command without loading ccxt', () => {
    const main = lotwise(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('Usage: lotwise <command>');
    for (const command of ['import', 'status', 'undo', 'demo', 'formats', 'summary', 'disposals', 'method', 'pick', 'link', 'export', 'account', 'sync', 'prices']) {
      const help = lotwise([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`Usage: lotwise ${command}`);
      // `lotwise help COMMAND` is the same help.
      expect(lotwise(['help', command])).toEqual(help);
    }
    expect(lotwise(['help', 'frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('"frobnicate" is not a command') });
  });

  it('imports, reports status as JSON, refuses a broken file without changing anything, and undoes', () => {
    const good = dir.file('good.csv', [HEADER, '2024-01-02 10:00 UTC,1000,USD,0.025,BTC,,,1000,USD,,,', '2024-01-03 10:00 UTC,,,0.01,ETH,,,22.5,USD,staking,,'].join('\n'));
    const imported = lotwise(['import', good, '--db', db, '--account', 'My Koinly']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('2 added, 0 skipped');
    expect(imported.stdout).toContain('Batch 1.');

    const status = lotwise(['status', '--db', db, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ accounts: [{ name: 'My Koinly', transactions: 2 }], transactions: 2 });

    const broken = dir.file('broken.csv', [HEADER, '2024-01-04 10:00 UTC,0.01,BTC,420,USD,,,,,,,', '2024-02-30 10:00 UTC,1,ETH,,,,,,,,,'].join('\n'));
    const rejected = lotwise(['import', broken, '--db', db, '--account', 'My Koinly']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('broken.csv was not imported: 1 problem. Nothing was written.');
    expect(rejected.stderr).toContain('broken.csv:3: column 1 "Date", value "2024-02-30 10:00 UTC": not a date and time');
    expect(lotwise(['status', '--db', db, '--json']).stdout).toBe(status.stdout);

    // A file that is not there is the file's fault, with no line to point at.
    const gone = join(dir.path, 'gone.csv');
    const notThere = lotwise(['import', gone, '--db', db, '--account', 'My Koinly']);
    expect(notThere.code).toBe(1);
    expect(notThere.stderr.trim()).toBe(`gone.csv is not at ${gone}: it may have been moved, renamed or deleted. Choose the file again from where it is now. Nothing was imported.`);
    expect(lotwise(['status', '--db', db, '--json']).stdout).toBe(status.stdout);

    const again = lotwise(['import', good, '--db', db, '--account', 'My Koinly', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, added: 0, skipped: 2 });

    // The second import of the same file holds its rows too: undoing the first keeps them.
    const undo = lotwise(['undo', '1', '--db', db]);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain('removed 0 transactions. Kept 2 transactions');
    expect(lotwise(['status', '--db', db, '--json']).stdout).toBe(status.stdout);
    expect(lotwise(['undo', '2', '--db', db]).stdout).toContain('removed 2 transactions');
    expect(JSON.parse(lotwise(['status', '--db', db, '--json']).stdout)).toEqual({
      accounts: [{ name: 'My Koinly', transactions: 0 }],
      transactions: 0,
    });
    expect(lotwise(['undo', '1', '--db', db]).code).toBe(1);
  });

  it('undoes an older export and keeps what a newer export of the same history holds', () => {
    const coinbase = (name: string) => join(root, 'tests/fixtures/importers/coinbase', name);
    expect(lotwise(['import', coinbase('coinbase-overlap-2023-no-id.csv'), '--db', db, '--account', 'Coinbase']).stdout).toContain('8 added, 0 skipped');
    expect(lotwise(['import', coinbase('coinbase-overlap-2024-with-id.csv'), '--db', db, '--account', 'Coinbase']).stdout).toContain('1 added, 8 skipped');
    const summary = () => JSON.parse(lotwise(['summary', '--year', '2021', '--tz', 'UTC', '--db', db, '--json']).stdout) as { warnings: { code: string; message: string }[] };
    const before = summary();

    const undo = lotwise(['undo', '1', '--db', db]);
    expect(undo).toMatchObject({ code: 0, stderr: '' });
    expect(undo.stdout.trim()).toBe(
      'Undid batch 1: removed 0 transactions. Kept 8 transactions that another import or sync still in effect also holds (`lotwise status` lists them).',
    );
    expect(JSON.parse(lotwise(['status', '--db', db, '--json']).stdout)).toEqual({ accounts: [{ name: 'Coinbase', transactions: 9 }], transactions: 9 });
    // Batch 2 holds all nine now, and batch 1 is undone.
    expect(lotwise(['status', '--db', db]).stdout).toMatch(/^ +2 {2}Coinbase \/ coinbase-overlap-2024-with-id.* +9 +0 {2}\d{4}-.*\n +1 {2}Coinbase .* +8 +0 {2}undone$/m);
    // The 2021 sale still finds the purchase it sold from: the year is as it was.
    expect(summary()).toEqual(before);
    expect(before.warnings.filter((w) => w.code === 'missing-cost-basis' && w.message.includes('BTC'))).toEqual([]);

    expect(lotwise(['undo', '2', '--db', db]).stdout).toContain('Undid batch 2: removed 9 transactions.');
    expect(JSON.parse(lotwise(['status', '--db', db, '--json']).stdout)).toMatchObject({ transactions: 0 });
  });

  it('loads the demo history its help describes, and loading it again adds nothing', () => {
    expect(lotwise(['demo', '--help']).stdout).toContain('two exchanges and a wallet');
    const first = lotwise(['demo', '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('3 accounts');
    const status = JSON.parse(lotwise(['status', '--db', db, '--json']).stdout) as { accounts: { name: string; transactions: number }[]; transactions: number };
    expect(status.accounts.map((a) => a.name)).toEqual(['Coinbase', 'Kraken', 'Ledger wallet']);
    expect(status.transactions).toBeGreaterThanOrEqual(60);
    expect(status.accounts.reduce((n, a) => n + a.transactions, 0)).toBe(status.transactions);
    expect(lotwise(['demo', '--db', db]).stdout).toContain('0 transactions added');
  });

  it('uses $LOTWISE_DB when --db is not given', () => {
    const path = join(dir.path, 'from-env.db');
    expect(lotwise(['demo'], { LOTWISE_DB: path }).code).toBe(0);
    expect(lotwise(['status', '--json', '--db', path]).code).toBe(0);
  });

  it('explains usage mistakes with exit status 2', () => {
    expect(lotwise(['import', '--db', db]).stderr).toContain('which file?');
    const noAccount = lotwise(['import', 'x.csv', '--db', db]);
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toContain('--account NAME is required');
    expect(lotwise(['import', 'x.csv', '--account', 'A', '--format', 'excel', '--db', db]).stderr).toContain('--format must be one of');
    expect(lotwise(['frobnicate']).code).toBe(2);
    const missing = lotwise(['status', '--db', join(dir.path, 'none.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no ledger at');
  });

  it('refuses an empty --db or $LOTWISE_DB as a usage mistake rather than writing to a temporary database', () => {
    const good = dir.file('good.csv', [HEADER, '2024-01-02 10:00 UTC,1000,USD,0.025,BTC,,,1000,USD,,,'].join('\n'));
    const emptyOption = lotwise(['import', good, '--db', '', '--account', 'A']);
    expect(emptyOption).toMatchObject({ code: 2, stdout: '' });
    expect(emptyOption.stderr).toContain('--db is empty: give the path of the ledger file.');
    const emptyVariable = lotwise(['demo'], { LOTWISE_DB: '' });
    expect(emptyVariable).toMatchObject({ code: 2, stdout: '' });
    expect(emptyVariable.stderr).toContain('LOTWISE_DB is set but empty');
  });

  it('leaves no new ledger file behind when an import into it writes nothing', () => {
    const broken = dir.file('broken.csv', [HEADER, '2024-02-30 10:00 UTC,1,ETH,,,,,,,,,'].join('\n'));
    const headerOnly = dir.file('header-only.csv', `${HEADER}\n`);
    const rejected = lotwise(['import', broken, '--db', db, '--account', 'A']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('Nothing was written.');
    const empty = lotwise(['import', headerOnly, '--db', db, '--account', 'A']);
    expect(empty).toMatchObject({ code: 0, stdout: 'header-only.csv (Koinly universal) has no transactions: nothing was imported, and the ledger is unchanged.\n' });
    const gone = lotwise(['import', join(dir.path, 'gone.csv'), '--db', db, '--account', 'A']);
    expect(gone.code).toBe(1);
    expect(readdirSync(dir.path).sort()).toEqual(['broken.csv', 'header-only.csv']);
    expect(lotwise(['status', '--db', db]).code).toBe(2);

    // Into an existing ledger, a file without transactions records no batch either.
    const good = dir.file('good.csv', [HEADER, '2024-01-02 10:00 UTC,1000,USD,0.025,BTC,,,1000,USD,,,'].join('\n'));
    expect(lotwise(['import', good, '--db', db, '--account', 'A']).code).toBe(0);
    const before = lotwise(['status', '--db', db]).stdout;
    expect(lotwise(['import', headerOnly, '--db', db, '--account', 'A']).code).toBe(0);
    expect(lotwise(['status', '--db', db]).stdout).toBe(before);
  });

  it('refuses each file it could only read by guessing, pointing at the line, and leaves the ledger byte for byte as it was', () => {
    const good = dir.file('good.csv', [HEADER, '2024-01-02 10:00 UTC,1000,USD,0.025,BTC,,,1000,USD,,,'].join('\n'));
    expect(lotwise(['import', good, '--db', db, '--account', 'A']).code).toBe(0);
    const status = lotwise(['status', '--db', db, '--json']).stdout;
    const bytes = readFileSync(db);
    const files: [string, string | Buffer, string][] = [
      ['semicolons.csv', `${HEADER.replaceAll(',', ';')}\n2023-02-10 12:00 UTC;;;2.000;ADA;;;1.000;USD;staking;;\n`, 'semicolons.csv:1: this is the Koinly universal header with its cells separated by semicolons (;)'],
      ['latin1.csv', Buffer.from(`${HEADER}\n2023-01-10 12:00 UTC,,,1.5,ETH,,,2000,USD,,caf\u00e9,\n`, 'latin1'), 'latin1.csv:2: the file is not UTF-8 text'],
      ['utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le')]), 'utf16.csv:1: the file is UTF-16 text'],
      ['comma.csv', 'User ID,Time,Account,Operation,Coin,Change,Remark\n84158159,24-02-10 08:00:00,Spot,Deposit,ETH,0,5,\n', 'comma.csv:2: cell 8 holds "" beyond the header\'s 7 columns, after Remark "5"'],
      ['rounded.csv', `${HEADER}\n2023-01-11 12:00 UTC,,,1.23457E+15,SHIB,,,10,USD,airdrop,,\n`, 'rounded.csv:2: column 4 "Received Amount", value "1.23457E+15": 1.23457E+15 is a rounded number'],
      ['zero.csv', `${HEADER}\n2023-01-10 12:00 UTC,-0,ETH,1,BTC,,,20000,USD,,,\n`, 'zero.csv:2: column 2 "Sent Amount", value "-0": amounts must not be negative here'],
    ];
    for (const [name, contents, problem] of files) {
      const rejected = lotwise(['import', dir.file(name, contents), '--db', db, '--account', 'A']);
      expect(rejected, name).toMatchObject({ code: 1, stdout: '' });
      expect(rejected.stderr.split('\n').slice(0, 2), name).toEqual([`${name} was not imported: 1 problem. Nothing was written.`, expect.stringContaining(problem)]);
      expect(lotwise(['status', '--db', db, '--json']).stdout, name).toBe(status);
      expect(readFileSync(db).equals(bytes), name).toBe(true);
    }
  });

  it('refuses a --db that is not a Lotwise ledger in one line, touching nothing', () => {
    const foreign = join(dir.path, 'notes.sqlite');
    const other = new BetterSqlite3(foreign);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')");
    other.close();
    const text = dir.file('notes.txt', 'not a database\n');
    const folder = join(dir.path, 'folder');
    mkdirSync(folder);
    const good = dir.file('good.csv', [HEADER, '2024-01-02 10:00 UTC,1000,USD,0.025,BTC,,,1000,USD,,,'].join('\n'));
    const files = readdirSync(dir.path).sort();
    const foreignBytes = readFileSync(foreign);
    const expected: [string, string][] = [
      [foreign, "is another program's database, not a Lotwise ledger (it has tables of its own and no Lotwise schema version)"],
      [text, 'is not a Lotwise ledger: it is not an SQLite database at all'],
      [folder, 'is a folder, not a ledger file'],
    ];
    for (const [path, message] of expected) {
      for (const args of [['status', '--db', path], ['import', good, '--db', path, '--account', 'A']]) {
        const run = lotwise(args);
        expect(run.code, `${args[0]} ${path}`).toBe(1);
        expect(run.stderr.trim().split('\n'), `${args[0]} ${path}`).toEqual([`lotwise ${args[0]}: ${path} ${message}. It was not changed. Give the path of your Lotwise ledger, or a new file name to start one.`]);
      }
    }
    expect(readdirSync(dir.path).sort()).toEqual(files);
    expect(readFileSync(foreign).equals(foreignBytes)).toBe(true);
    expect(existsSync(`${foreign}-wal`)).toBe(false);
  });

  it('writes the CSV header row of disposals even for a year without any', () => {
    const deposit = dir.file('deposit.csv', [HEADER, '2024-01-02 10:00 UTC,,,0.025,BTC,,,1000,USD,,,'].join('\n'));
    expect(lotwise(['import', deposit, '--db', db, '--account', 'A']).code).toBe(0);
    const disposals = lotwise(['disposals', '--year', '2024', '--tz', 'UTC', '--csv', '--db', db]);
    expect(disposals).toMatchObject({
      code: 0,
      stdout: 'asset,quantity,acquired,disposed,proceeds,costBasis,gain,term,kind,account,lotId,acquisitionTransactionId,disposalTransactionId,missingPrice,missingBasis\n',
    });
  });

  it('lists the formats it reads', () => {
    const out = lotwise(['formats']).stdout;
    for (const id of ['koinly', 'cointracker', 'coinledger', 'coinbase', 'kraken', 'binance', 'lotwise']) expect(out).toContain(id);
  });
});
