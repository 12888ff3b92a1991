// The CSV formats Lotwise reads, by id: named here so the contract (shared/api.ts) and the
// importers (electron/core/importers) share one list.
export const IMPORT_FORMAT_IDS = ['koinly', 'cointracker', 'coinledger', 'coinbase', 'kraken', 'binance', 'lotwise'] as const;

export type ImportFormatId = (typeof IMPORT_FORMAT_IDS)[number];

export function isImportFormatId(value: string): value is ImportFormatId {
  return (IMPORT_FORMAT_IDS as readonly string[]).includes(value);
}
