// Benchmark of the tax engine (shared/tax) on generated ledgers: 1,000,000 and 100,000
// transactions (buys, sells, crypto-to-crypto trades, income, transfers between own
// accounts; 50 assets, 5 accounts, five years 2021-2025), computing tax year 2025 with
// `auto` pools, for each lot method. Each measurement runs in a fresh child process, so
// the peak RSS is that method's alone.
//
//   npm run bench:tax -- [--runs 3] [--methods fifo,hifo] [--sizes 100000,1000000]
//
// Prints seconds (computeTaxYear only, not the generation) and peak RSS per method and
// size (the median of the runs), and the 1M/100k time ratio.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { computeTaxYear } from '../../../shared/tax/compute-tax-year.ts';
import type { LotMethod } from '../../../shared/tax/types.ts';
import type { Transaction, TransactionType } from '../../../shared/transaction.ts';

const ASSETS = Array.from({ length: 50 }, (_, i) => `TK${String(i).padStart(2, '0')}`);
const ACCOUNT_COUNT = 5;
const START = Date.UTC(2021, 0, 1);
const END = Date.UTC(2026, 0, 1);
const UNITS = 100_000_000; // quantities in 1e-8 units

/** mulberry32: a small deterministic PRNG. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function units(value: number): string {
  const whole = Math.floor(value / UNITS);
  const fraction = value % UNITS;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(8, '0').replace(/0+$/, '')}`;
}

function cents(value: number): string {
  const whole = Math.floor(value / 100);
  const fraction = value % 100;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(2, '0')}`;
}

/** A ledger of `size` transactions, the same for the same size. */
export function generateLedger(size: number): Transaction[] {
  const next = random(20250101 + size);
  const pick = (n: number): number => Math.floor(next() * n);
  const price = ASSETS.map(() => 100 + pick(100_000)); // cents
  const balance = ASSETS.map(() => new Array<number>(ACCOUNT_COUNT + 1).fill(0));
  const transactions: Transaction[] = [];
  const step = (END - START) / size;
  let id = 0;

  const add = (
    timestamp: number,
    accountId: number,
    type: TransactionType,
    sent: [string, string] | null,
    received: [string, string] | null,
    fiatValue: string | null,
    txHash: string | null = null,
  ): void => {
    id++;
    transactions.push({
      id,
      accountId,
      batchId: null,
      source: 'api',
      externalId: `bench-${id}`,
      timestamp,
      type,
      sentAsset: sent?.[0] ?? null,
      sentAmount: sent?.[1] ?? null,
      receivedAsset: received?.[0] ?? null,
      receivedAmount: received?.[1] ?? null,
      feeAsset: null,
      feeAmount: null,
      fiatValue,
      fiatCurrency: fiatValue === null ? null : 'USD',
      label: null,
      description: null,
      txHash,
      raw: null,
    });
  };
  const valueOf = (asset: number, quantity: number): number => Math.max(1, Math.round((quantity / UNITS) * price[asset]!));

  while (transactions.length < size) {
    const timestamp = Math.floor(START + transactions.length * step);
    const asset = pick(ASSETS.length);
    const account = 1 + pick(ACCOUNT_COUNT);
    price[asset] = Math.max(1, Math.round(price[asset]! * (0.97 + next() * 0.06)));
    const held = balance[asset]![account]!;
    const roll = next();
    if (roll < 0.35 || held < 1000) {
      const quantity = 1 + pick(10 * UNITS);
      balance[asset]![account]! += quantity;
      add(timestamp, account, 'trade', ['USD', cents(valueOf(asset, quantity))], [ASSETS[asset]!, units(quantity)], null);
    } else if (roll < 0.6) {
      const quantity = 1 + pick(held);
      balance[asset]![account]! -= quantity;
      add(timestamp, account, 'trade', [ASSETS[asset]!, units(quantity)], ['USD', cents(valueOf(asset, quantity))], null);
    } else if (roll < 0.75) {
      const other = (asset + 1 + pick(ASSETS.length - 1)) % ASSETS.length;
      const quantity = 1 + pick(held);
      const value = valueOf(asset, quantity);
      const received = Math.max(1, Math.round((value / price[other]!) * UNITS));
      balance[asset]![account]! -= quantity;
      balance[other]![account]! += received;
      add(timestamp, account, 'trade', [ASSETS[asset]!, units(quantity)], [ASSETS[other]!, units(received)], cents(value));
    } else if (roll < 0.85) {
      const quantity = 1 + pick(UNITS / 10);
      balance[asset]![account]! += quantity;
      add(timestamp, account, 'staking', null, [ASSETS[asset]!, units(quantity)], cents(valueOf(asset, quantity)));
    } else {
      const to = 1 + ((account + pick(ACCOUNT_COUNT - 1)) % ACCOUNT_COUNT);
      const quantity = 1001 + pick(held - 1000);
      const fee = 1 + pick(1000);
      balance[asset]![account]! -= quantity;
      balance[asset]![to]! += quantity - fee;
      const hash = `0x${id.toString(16).padStart(16, '0')}`;
      add(timestamp, account, 'withdrawal', [ASSETS[asset]!, units(quantity)], null, cents(valueOf(asset, quantity)), hash);
      add(timestamp + 600_000, to, 'deposit', null, [ASSETS[asset]!, units(quantity - fee)], null, hash.toUpperCase());
    }
  }
  return transactions.slice(0, size);
}

interface Measurement {
  method: LotMethod;
  size: number;
  seconds: number;
  /** CPU time of the process during computeTaxYear (all threads, so GC helpers count). */
  cpuSeconds: number;
  peakRssMb: number;
  disposals: number;
  warnings: number;
}

function measureInThisProcess(method: LotMethod, size: number): Measurement {
  const transactions = generateLedger(size);
  const accounts = new Map(Array.from({ length: ACCOUNT_COUNT }, (_, i) => [i + 1, { name: `Account ${i + 1}` }] as const));
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = computeTaxYear({
    transactions,
    accounts,
    taxYear: 2025,
    methodForYear: () => method,
    pool: 'auto',
    timeZone: 'America/New_York',
    reportCurrency: 'USD',
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    method,
    size,
    seconds,
    cpuSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    disposals: result.disposals.length,
    warnings: result.warnings.length,
  };
}

function measureInChild(method: LotMethod, size: number): Measurement {
  // With this process's Node flags: on Node 22.12–22.17 they are what lets the child run TypeScript.
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', method, String(size)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`benchmark child failed (${method}, ${size}):\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measurement;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

function main(): void {
  if (process.argv[2] === '--child') {
    const method = process.argv[3] as LotMethod;
    console.log(JSON.stringify(measureInThisProcess(method, Number(process.argv[4]))));
    return;
  }
  const runs = Number(option('--runs', '3'));
  const methods = option('--methods', 'fifo,lifo,hifo,lofo').split(',') as LotMethod[];
  const sizes = option('--sizes', '100000,1000000').split(',').map(Number);
  console.log(`tax engine benchmark: ${runs} run(s) each, median shown; tax year 2025, auto pools, America/New_York`);
  console.log('method  transactions   seconds   CPU seconds   peak RSS MB   disposals 2025   warnings');
  const secondsBy = new Map<string, number>();
  for (const method of methods) {
    for (const size of sizes) {
      const measurements = Array.from({ length: runs }, () => measureInChild(method, size));
      const seconds = median(measurements.map((m) => m.seconds));
      const rss = median(measurements.map((m) => m.peakRssMb));
      const cpuSeconds = median(measurements.map((m) => m.cpuSeconds));
      secondsBy.set(`${method} ${size}`, seconds);
      const first = measurements[0]!;
      console.log(
        `${method.padEnd(6)}  ${String(size).padStart(12)}  ${seconds.toFixed(2).padStart(8)}  ${cpuSeconds.toFixed(2).padStart(12)}  ` +
          `${rss.toFixed(0).padStart(12)}  ` +
          `${String(first.disposals).padStart(15)}  ${String(first.warnings).padStart(9)}`,
      );
    }
  }
  if (sizes.includes(100_000) && sizes.includes(1_000_000)) {
    for (const method of methods) {
      const ratio = secondsBy.get(`${method} 1000000`)! / secondsBy.get(`${method} 100000`)!;
      console.log(`${method}: 1M/100k time ratio ${ratio.toFixed(1)}`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
