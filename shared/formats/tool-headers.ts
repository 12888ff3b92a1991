// The CSV headers other crypto tax tools define, byte for byte: read by Lotwise's importers
// (electron/core/importers/formats) and written by its migration exports, so the two
// can never drift apart.

/** CoinTracker's import format: all eight columns required, in any order. */
export const COINTRACKER_HEADER = [
  'Date',
  'Received Quantity',
  'Received Currency',
  'Sent Quantity',
  'Sent Currency',
  'Fee Amount',
  'Fee Currency',
  'Tag',
] as const;

/** CoinLedger's universal manual import template: matched exactly, in this order. */
export const COINLEDGER_HEADER = [
  'Date (UTC)',
  'Platform (Optional)',
  'Asset Sent',
  'Amount Sent',
  'Asset Received',
  'Amount Received',
  'Fee Currency (Optional)',
  'Fee Amount (Optional)',
  'Type',
  'Description (Optional)',
  'TxHash (Optional)',
] as const;
