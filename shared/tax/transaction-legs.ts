// A transaction's legs read for the tax engine: parsed amounts, which legs are fiat money,
// and the transaction's value in the report currency. A leg with a zero amount is no leg.
import type { Decimal } from '../money.ts';
import { parseDecimal, toDecimalText } from '../money.ts';
import type { Transaction, TransactionType } from '../transaction.ts';

export interface Leg {
  asset: string;
  amount: Decimal;
  /** Fiat money (or the report currency): never a lot. */
  fiat: boolean;
}

export interface Legs {
  sent: Leg | null;
  received: Leg | null;
  fee: Leg | null;
  /** The transaction's fiatValue, when it has one. */
  fiatValue: Decimal | null;
}

/** The legs, or a sentence saying why they cannot be read. */
export function readLegs(transaction: Transaction, isFiat: (asset: string) => boolean): Legs | string {
  const sent = readLeg('sent', transaction.sentAsset, transaction.sentAmount, isFiat);
  if (typeof sent === 'string') return sent;
  const received = readLeg('received', transaction.receivedAsset, transaction.receivedAmount, isFiat);
  if (typeof received === 'string') return received;
  const fee = readLeg('fee', transaction.feeAsset, transaction.feeAmount, isFiat);
  if (typeof fee === 'string') return fee;
  let fiatValue: Decimal | null = null;
  if (transaction.fiatValue !== null && transaction.fiatValue !== '') {
    fiatValue = parseDecimal(transaction.fiatValue);
    if (fiatValue === null || fiatValue.isNegative()) return `its value "${transaction.fiatValue}" is not a decimal number of zero or more`;
  }
  return { sent, received, fee, fiatValue };
}

function readLeg(
  name: string,
  asset: string | null,
  amountText: string | null,
  isFiat: (asset: string) => boolean,
): Leg | null | string {
  if (asset === null && amountText === null) return null;
  if (asset === null || asset === '') return `its ${name} amount has no asset`;
  if (amountText === null) return `its ${name} asset ${asset} has no amount`;
  const amount = parseDecimal(amountText);
  if (amount === null || amount.isNegative()) return `its ${name} amount "${amountText}" is not a decimal number of zero or more`;
  if (amount.isZero()) return null;
  return { asset, amount, fiat: isFiat(asset) };
}

/** A value in the report currency, or why there is none (a phrase after "it has"). */
export type Valuation = { value: Decimal; missing: null } | { value: null; missing: string };

/** The transaction's own fair market value (its fiatValue), if it is in the report currency. */
export function fiatValueOf(transaction: Transaction, legs: Legs, reportCurrency: string): Valuation {
  if (legs.fiatValue === null) return { value: null, missing: `no value in ${reportCurrency}` };
  const currency = transaction.fiatCurrency?.trim().toUpperCase() ?? '';
  if (currency === reportCurrency) return { value: legs.fiatValue, missing: null };
  if (currency === '') return { value: null, missing: `a value without a currency, not one in ${reportCurrency}` };
  return { value: null, missing: `a value in ${currency}, not in ${reportCurrency}` };
}

/** A leg's value: its amount when it is the report currency itself, else the fiatValue. */
export function legValue(leg: Leg, transaction: Transaction, legs: Legs, reportCurrency: string): Valuation {
  if (leg.asset === reportCurrency) return { value: leg.amount, missing: null };
  return fiatValueOf(transaction, legs, reportCurrency);
}

const TYPE_WORDS: Readonly<Record<TransactionType, string>> = {
  trade: 'trade',
  deposit: 'deposit',
  withdrawal: 'withdrawal',
  staking: 'staking reward',
  mining: 'mining reward',
  airdrop: 'airdrop',
  fork: 'fork',
  reward: 'reward',
  interest: 'interest',
  income: 'income',
  'gift-sent': 'gift',
  donation: 'donation',
  lost: 'loss',
  'gift-received': 'gift received',
  expense: 'payment',
  fee: 'fee',
  'realized-gain': 'realised gain or loss',
  swap: 'swap',
  'liquidity-in': 'liquidity deposit',
  'liquidity-out': 'liquidity withdrawal',
  ignored: 'ignored transaction',
};

export function legText(leg: Leg): string {
  return `${toDecimalText(leg.amount)} ${leg.asset}`;
}

/** "the trade of 1 ETH for 0.05 BTC": what a transaction is, for messages. */
export function describeLegs(type: TransactionType, legs: Legs): string {
  const parts: string[] = [];
  if (legs.sent) parts.push(legText(legs.sent));
  if (legs.received) parts.push(legText(legs.received));
  if (parts.length === 0 && legs.fee) parts.push(legText(legs.fee));
  return `the ${TYPE_WORDS[type]} of ${parts.join(' for ')}`;
}
