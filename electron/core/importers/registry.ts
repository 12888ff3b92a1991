// Every CSV format Lotwise reads. Adding a format is one module in formats/ and one line
// here. Order matters for --format auto: the first format whose header matches wins, so
// formats with more specific headers come first.
import type { CsvFormat, FormatId } from './csv-format.ts';
import { binance } from './formats/binance.ts';
import { coinbase } from './formats/coinbase.ts';
import { coinledger } from './formats/coinledger.ts';
import { cointracker } from './formats/cointracker.ts';
import { koinlyUniversal } from './formats/koinly-universal.ts';
import { krakenLedgers } from './formats/kraken-ledgers.ts';
import { lotwiseTemplate } from './formats/lotwise-template.ts';

export const CSV_FORMATS: readonly CsvFormat[] = [
  coinbase,
  binance,
  lotwiseTemplate,
  coinledger,
  krakenLedgers,
  cointracker,
  koinlyUniversal,
];

export { IMPORT_FORMAT_IDS as FORMAT_IDS, isImportFormatId as isFormatId } from '../../../shared/import-formats.ts';

export function formatById(id: FormatId): CsvFormat {
  const format = CSV_FORMATS.find((f) => f.id === id);
  if (!format) throw new Error(`The ${id} format is not available in this build.`);
  return format;
}

