// `lotwise prices fill`, `set` and `report` as a user runs them, against the fake market
// data (served from this process, so the CLI runs without blocking it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createFakeOhlcv, type FakeOhlcv } from '../../fakes/ohlcv/fake-ohlcv-exchanges.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const root = join(import.meta.dirname, '../../..');
let fake: FakeOhlcv;
let base: string;
let dir: TempDir;

beforeAll(async () => {
  fake = createFakeOhlcv({ now: () => Date.UTC(2026, 5, 30, 12) });
  base = await fake.start();
  dir = tempDir();
});
afterAll(async () => {
  await fake.stop();
  dir.remove();
});

function lotwise(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/lotwise.js'), ...args]);
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('lotwise prices', () => {
  it('fills values with progress, reports them by source, and lets a set price win', async () => {
    const db = join(dir.path, 'ledger.db');
    const csv = join(dir.path, 'trades.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      csv,
      [
        'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fee Asset,Fee Amount,Fiat Value,Fiat Currency,Description,Tx Hash,ID',
        '2024-03-05T10:00:00Z,trade,DOGE,100,ETH,0.5,,,,,,,a',
        '2024-04-01T10:00:00Z,staking,,,NXS,12,,,,,,,b',
        '2024-05-01T10:00:00Z,trade,PLS,100,HEX,1000,,,,,,,c',
        '2024-06-01T10:00:00Z,trade,DOGE,100,HEX,900,,,,,,,d',
      ].join('\n'),
    );
    expect((await lotwise(['import', csv, '--account', 'Wallet', '--db', db])).code).toBe(0);

    const fill = await lotwise(['prices', 'fill', '--db', db, '--api-url', base, '--no-rate-limit']);
    expect(fill.code, fill.err).toBe(0);
    // HEX is listed nowhere: d is valued by its DOGE; c was paid in PLS, listed nowhere too.
    expect(fill.out).toContain('4 events needed a value: 3 valued, 1 without a price');
    expect(fill.out).toContain('1 of them by what was given for it, as what was received has no price.');
    expect(fill.err).toContain('Pricing'); // progress lines
    const report = JSON.parse((await lotwise(['prices', 'report', '--year', '2024', '--db', db, '--json'])).out) as {
      bySource: Record<string, number>;
      missing: { asset: string; account: string }[];
    };
    expect(report.bySource).toEqual({ 'exchange:binance': 3 });
    expect(report.missing).toMatchObject([{ asset: 'HEX', account: 'Wallet' }]);

    expect((await lotwise(['prices', 'set', 'HEX', '2024-05-01T09:00Z', '0.0042', '--db', db])).code).toBe(0);
    const again = await lotwise(['prices', 'fill', '--db', db, '--api-url', base, '--no-rate-limit']);
    expect(again.out).toContain('4 valued, 0 without a price');
    const after = JSON.parse((await lotwise(['prices', 'report', '--year', '2024', '--db', db, '--json'])).out) as { bySource: Record<string, number> };
    expect(after.bySource).toEqual({ 'exchange:binance': 3, manual: 1 });
    // The summary no longer warns about a missing price.
    const summary = JSON.parse((await lotwise(['summary', '--year', '2024', '--db', db, '--tz', 'UTC', '--json'])).out) as { warnings: { code: string }[] };
    expect(summary.warnings.map((w) => w.code)).not.toContain('missing-price');
  }, 60_000);

  it('says what failed when the exchange cannot be asked, keeping what was found, without a stack trace', async () => {
    // An exchange that refuses every request stands for one that cannot be reached: both
    // stop the fill (a network failure only after its retries, which take a minute).
    const { createServer } = await import('node:http');
    const refusing = createServer((_request, response) => {
      response.writeHead(401, { 'Content-Type': 'application/json' });
      response.end('{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const { port } = refusing.address() as { port: number };
    try {
      const db = join(dir.path, 'refused.db');
      const csv = dir.file(
        'refused.csv',
        ['Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fiat Value', '2024-03-05T10:00:00Z,trade,DOGE,100,ETH,0.5,', '2024-04-05T10:00:00Z,trade,DOGE,100,SOL,2,'].join('\n'),
      );
      expect((await lotwise(['import', csv, '--account', 'Wallet', '--db', db])).code).toBe(0);
      expect((await lotwise(['prices', 'set', 'ETH', '2024-03-05T10:00Z', '3500', '--db', db])).code).toBe(0);
      const fill = await lotwise(['prices', 'fill', '--db', db, '--source', 'binance', '--api-url', `http://127.0.0.1:${port}`, '--no-rate-limit']);
      expect(fill.code).toBe(1);
      const lines = fill.err.trim().split('\n').filter((line) => !line.startsWith('Pricing'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^lotwise prices fill: prices could not be fetched \(binance .*Invalid API-key.*\)\. The values found so far are kept \(1 event valued\)\. Run `lotwise prices fill` again once the exchange can be reached, or add --offline to use only the prices Lotwise already has\.$/);
      const report = JSON.parse((await lotwise(['prices', 'report', '--year', '2024', '--db', db, '--json'])).out) as { bySource: Record<string, number> };
      expect(report.bySource).toEqual({ manual: 1 });
    } finally {
      await new Promise((resolve) => refusing.close(resolve));
    }
  }, 60_000);

  it('explains usage mistakes', async () => {
    const db = join(dir.path, 'empty.db');
    await lotwise(['demo', '--db', db]);
    expect((await lotwise(['prices', 'set', 'BTC', 'yesterday', '5', '--db', db])).err).toContain('is not a date and time');
    expect((await lotwise(['prices', 'report', '--db', db])).err).toContain('--year YYYY is required');
    expect((await lotwise(['prices', 'fill', '--granularity', '5m', '--db', db])).err).toContain('--granularity must be 1d, 1h or 1m');
  }, 30_000);
});
