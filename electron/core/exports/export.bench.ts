// Benchmark of the per-disposal export writers (shared/formats) on a synthetic tax year of
// 1,000,000 disposals: exact engine-like amounts (up to 40 significant digits), 50 assets,
// short and long term, three accounts (one issuing Form 1099-DA), tax year 2025, so rows
// spread over four Form 8949 boxes. The same input every run.
//
//   npm run bench:export -- [--disposals 1000000] [--runs 3] [--formats form8949,turbotax]
//
// Prints, per format, the seconds of write() (not the generation) for each run, the median,
// rows per second at the median, the median CPU seconds (user + system, all threads: the
// garbage collector's helpers count; a steadier figure than wall time on a busy machine)
// and the size of the file written.
import type { ExportFormatId, ExportInput } from '../../../shared/formats/export-format.ts';
import { exportFormatById } from '../../../shared/formats/registry.ts';
import { Decimal } from '../../../shared/money.ts';
import type { Disposal, TaxYearResult } from '../../../shared/tax/types.ts';

const TAX_YEAR = 2025;
const ASSETS = Array.from({ length: 50 }, (_, i) => `TK${String(i).padStart(2, '0')}`);
const ACCOUNTS = new Map([
  [1, { id: 1, name: 'Coinbase', issues1099DA: true }],
  [2, { id: 2, name: 'Ledger wallet', issues1099DA: false }],
  [3, { id: 3, name: 'Binance', issues1099DA: false }],
]);
const DAY_MS = 86_400_000;
const YEAR_START = Date.UTC(TAX_YEAR, 0, 1);

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

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A tax year of `count` disposals in date order, the same for the same count. */
function syntheticTaxYear(count: number): TaxYearResult {
  const next = random(8949 + count);
  const pick = (n: number): number => Math.floor(next() * n);
  const disposals: Disposal[] = [];
  const dayStep = 365 / count;
  for (let i = 0; i < count; i++) {
    const disposedAt = YEAR_START + Math.floor(i * dayStep) * DAY_MS + 43_200_000;
    const long = next() < 0.4;
    const acquiredAt = disposedAt - (long ? 367 + pick(1500) : pick(360)) * DAY_MS;
    // Quantities in 1e-8 units; amounts as the engine leaves them after splitting a lot:
    // a value times a share of a quantity, exact to 40 significant digits.
    const quantity = new Decimal(1 + pick(500_000_000)).div(100_000_000);
    const proceeds = new Decimal(1 + pick(10_000_000)).div(7 + pick(5));
    const costBasis = new Decimal(1 + pick(10_000_000)).div(3 + pick(5));
    const missingBasis = next() < 0.001;
    disposals.push({
      kind: 'sale',
      asset: ASSETS[pick(ASSETS.length)]!,
      quantity,
      lotId: String(i),
      acquisitionTransactionId: missingBasis ? null : i * 2 + 1,
      acquiredDate: isoDate(acquiredAt),
      acquiredAt,
      disposalTransactionId: i * 2 + 2,
      accountId: 1 + pick(ACCOUNTS.size),
      disposedDate: isoDate(disposedAt),
      disposedAt,
      proceeds,
      costBasis: missingBasis ? new Decimal(0) : costBasis,
      gain: proceeds.minus(missingBasis ? 0 : costBasis),
      term: long ? 'long' : 'short',
      missingPrice: false,
      missingBasis,
    });
  }
  const zero = new Decimal(0);
  return {
    taxYear: TAX_YEAR,
    timeZone: 'UTC',
    reportCurrency: 'USD',
    method: 'fifo',
    pool: 'per-wallet',
    acquisitions: [],
    disposals,
    income: [],
    removals: [],
    moves: [],
    holdings: [],
    warnings: [],
    totals: { shortTerm: { proceeds: zero, costBasis: zero, gain: zero }, longTerm: { proceeds: zero, costBasis: zero, gain: zero }, income: zero },
  };
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
  const count = Number(option('--disposals', '1000000'));
  const runs = Number(option('--runs', '3'));
  const formats = option('--formats', 'form8949,turbotax').split(',') as ExportFormatId[];
  const generated = performance.now();
  const result = syntheticTaxYear(count);
  const input: ExportInput = { taxYear: TAX_YEAR, timeZone: 'UTC', reportCurrency: 'USD', result, accounts: ACCOUNTS, transactions: [] };
  console.log(
    `export benchmark: ${count.toLocaleString('en-US')} disposals, tax year ${TAX_YEAR} ` +
      `(generated in ${((performance.now() - generated) / 1000).toFixed(1)} s); ${runs} run(s) each, median shown`,
  );
  console.log('format              runs (s)                  median s      rows/s   CPU s   file MB');
  for (const id of formats) {
    const format = exportFormatById(id);
    const seconds: number[] = [];
    const cpuSeconds: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      const files = format.write(input);
      seconds.push((performance.now() - started) / 1000);
      const cpu = process.cpuUsage(cpuStarted);
      cpuSeconds.push((cpu.user + cpu.system) / 1e6);
      bytes = files.reduce((sum, file) => sum + file.text.length, 0);
    }
    const middle = median(seconds);
    console.log(
      `${id.padEnd(18)}  ${seconds.map((s) => s.toFixed(2)).join(' ').padEnd(24)}  ${middle.toFixed(2).padStart(8)}  ` +
        `${Math.round(count / middle).toLocaleString('en-US').padStart(10)}  ${median(cpuSeconds).toFixed(2).padStart(6)}  ${(bytes / 1e6).toFixed(1).padStart(8)}`,
    );
  }
}

main();
