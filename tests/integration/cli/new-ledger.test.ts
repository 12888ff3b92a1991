// `lotwise import` into a ledger that does not exist yet, as users run it: several imports
// started at the same moment, Ctrl+C half way, another program holding the ledger. Real
// processes on real files; each case is run a few times because the processes race.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const bin = join(import.meta.dirname, '../../../bin/lotwise.js');

const HEADER =
  'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const startTogether = join(import.meta.dirname, '../../support/start-together.mjs');

interface Started {
  pid: number;
  done: Promise<Run>;
}

/** Starts `lotwise` with args; with `together`, it waits for go() before it runs (see start-together.mjs). */
function start(args: string[], together = false): Started & { ready: Promise<void>; go(): void } {
  const preload = together ? ['--import', startTogether] : [];
  const child = spawn(process.execPath, [...preload, bin, ...args], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const ready = together ? new Promise<void>((resolve) => child.stdio[3]!.once('data', () => resolve())) : Promise.resolve();
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { pid: child.pid!, done, ready, go: () => child.stdin!.end('go\n') };
}

/** Runs `lotwise` once for each list of args, all starting their work at the same moment. */
async function runTogether(runs: string[][]): Promise<Run[]> {
  const started = runs.map((args) => start(args, true));
  await Promise.all(started.map((s) => s.ready));
  for (const s of started) s.go();
  return Promise.all(started.map((s) => s.done));
}

function status(db: string): unknown {
  const run = spawnSync(process.execPath, [bin, 'status', '--db', db, '--json'], { encoding: 'utf8' });
  return run.status === 0 ? JSON.parse(run.stdout) : run.stderr.trim();
}

/** A Koinly file of `count` staking rewards, one a minute. */
function rewards(dir: TempDir, name: string, count: number): string {
  const lines = [HEADER];
  for (let i = 0; i < count; i += 1) {
    const date = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(`${date} UTC,,,0.${String(i + 1).padStart(6, '0')},ETH,,,${i}.5,USD,staking,reward ${i},`);
  }
  return dir.file(name, `${lines.join('\n')}\n`);
}

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('lotwise import into a new ledger', () => {
  it('keeps every import of several started at once into the same new ledger, and the rejected one writes and removes nothing', async () => {
    const first = rewards(dir, 'first.csv', 20_000);
    const second = rewards(dir, 'second.csv', 3);
    const bad = dir.file('bad.csv', `${HEADER}\n2023-01-10 12:00 UTC,,,abc,ETH,,,2000,USD,,bad,\n`);
    for (let trial = 1; trial <= 6; trial += 1) {
      const db = join(dir.path, `ledger-${trial}.db`);
      const [a, b, c] = await runTogether([
        ['import', first, '--db', db, '--account', 'First'],
        ['import', bad, '--db', db, '--account', 'Bad'],
        ['import', second, '--db', db, '--account', 'Second'],
      ]);
      expect(a, `trial ${trial}`).toMatchObject({ code: 0, stderr: '', stdout: expect.stringContaining('20000 added') });
      expect(b, `trial ${trial}`).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'bad.csv was not imported: 1 problem. Nothing was written.\nbad.csv:2: column 4 "Received Amount", value "abc": not a number\n',
      });
      expect(c, `trial ${trial}`).toMatchObject({ code: 0, stderr: '', stdout: expect.stringContaining('3 added') });
      expect(status(db), `trial ${trial}`).toEqual({
        accounts: [{ name: 'First', transactions: 20_000 }, { name: 'Second', transactions: 3 }],
        transactions: 20_003,
      });
    }
  });

  it('leaves no ledger, or an empty one, when every import started at once into it is rejected', async () => {
    const bad = dir.file('bad.csv', `${HEADER}\n2023-01-10 12:00 UTC,,,abc,ETH,,,2000,USD,,bad,\n`);
    for (let trial = 1; trial <= 4; trial += 1) {
      const db = join(dir.path, `ledger-${trial}.db`);
      const runs = await runTogether([1, 2].map(() => ['import', bad, '--db', db, '--account', 'Bad']));
      for (const run of runs) expect(run, `trial ${trial}`).toMatchObject({ code: 1, stderr: expect.stringContaining('Nothing was written.') });
      // Each removes the new ledger only if the other no longer has it open.
      if (existsSync(db)) expect(status(db), `trial ${trial}`).toEqual({ accounts: [], transactions: 0 });
    }
  });

  it('leaves no ledger behind when the first import into it is stopped with Ctrl+C', async () => {
    const big = rewards(dir, 'big.csv', 150_000);
    const db = join(dir.path, 'ledger.db');
    const run = start(['import', big, '--db', db, '--account', 'Big']);
    // The file appears once the import has started, long before 150,000 rows are read.
    while (!existsSync(db)) await new Promise((resolve) => setTimeout(resolve, 5));
    process.kill(run.pid, 'SIGINT');
    expect(await run.done).toMatchObject({ code: 130, stdout: '' });
    expect(readdirSync(dir.path)).toEqual(['big.csv']);
  });

  it('says the ledger is in use, and writes nothing, when another program keeps it locked', async () => {
    const db = join(dir.path, 'ledger.db');
    const good = rewards(dir, 'good.csv', 2);
    expect((await start(['import', good, '--db', db, '--account', 'First']).done).code).toBe(0);
    const before = status(db);
    const other = new BetterSqlite3(db);
    other.exec('BEGIN IMMEDIATE');
    const run = await start(['import', good, '--db', db, '--account', 'Second']).done;
    other.exec('ROLLBACK');
    other.close();
    expect(run).toMatchObject({
      code: 1,
      stderr:
        'good.csv was not imported: the ledger is in use: another program (the Lotwise app, or another lotwise command such as an import) ' +
        'kept it locked for more than 5 seconds. Try again when that one has finished. Nothing was written.\n',
    });
    expect(status(db)).toEqual(before);
  });
});
