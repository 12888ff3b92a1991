// Which withdrawals and deposits are one transfer between the user's own accounts.
//
// A transfer is not a disposal: its lots keep their dates and basis and move to the
// receiving account. A pair is either linked by the user, or found by the blockchain
// transaction hash: a withdrawal in one account and a deposit in another of the same
// asset with the same hash (case-insensitive), the deposit no earlier than an hour before
// the withdrawal (exchange clocks and block times disagree) and no larger than it (the
// difference is the network fee). User links win; among several candidates for a hash
// the earliest deposit goes with the earliest withdrawal.
import { parseDecimal } from '../money.ts';
import type { Transaction } from '../transaction.ts';
import type { TransferLink } from './types.ts';

const CLOCK_SKEW_MS = 3_600_000;

export interface TransferMatches {
  /**
   * For each position in the sorted ledger, the position of the other half of its
   * transfer, or -1. Positions rather than ids: a million transactions need no map.
   */
  partner: Int32Array;
  invalidLinks: { link: TransferLink; reason: string }[];
}

interface Side {
  index: number;
  transaction: Transaction;
  asset: string;
  /** The amount as stored: parsed only when two sides are compared. */
  amountText: string;
}

const PLAIN_DECIMAL = /^\d+(\.\d*)?$/;

/**
 * Compares two amounts as written. Plain decimals (the ledger's canonical form) compare
 * as text, digit by digit, which spares parsing every transfer of a large ledger; any
 * other form is parsed. Null when either is not a number.
 */
function compareAmounts(a: string, b: string): number | null {
  if (PLAIN_DECIMAL.test(a) && PLAIN_DECIMAL.test(b)) {
    const [aWhole = '', aFraction = ''] = a.replace(/^0+(?=\d)/, '').split('.');
    const [bWhole = '', bFraction = ''] = b.replace(/^0+(?=\d)/, '').split('.');
    if (aWhole.length !== bWhole.length) return aWhole.length < bWhole.length ? -1 : 1;
    if (aWhole !== bWhole) return aWhole < bWhole ? -1 : 1;
    const length = Math.max(aFraction.length, bFraction.length);
    const aDigits = aFraction.padEnd(length, '0');
    const bDigits = bFraction.padEnd(length, '0');
    return aDigits === bDigits ? 0 : aDigits < bDigits ? -1 : 1;
  }
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return x === null || y === null ? null : x.cmp(y);
}

function withdrawalSide(index: number, transaction: Transaction, isFiat: (asset: string) => boolean): Side | null {
  if (transaction.type !== 'withdrawal' || transaction.sentAsset === null || transaction.sentAmount === null) return null;
  if (isFiat(transaction.sentAsset)) return null;
  return { index, transaction, asset: transaction.sentAsset, amountText: transaction.sentAmount };
}

function depositSide(index: number, transaction: Transaction, isFiat: (asset: string) => boolean): Side | null {
  if (transaction.type !== 'deposit' || transaction.receivedAsset === null || transaction.receivedAmount === null) return null;
  if (isFiat(transaction.receivedAsset)) return null;
  return { index, transaction, asset: transaction.receivedAsset, amountText: transaction.receivedAmount };
}

/** The deposit fits the withdrawal's amount: not larger, and both are numbers. */
function depositFits(deposit: Side, withdrawal: Side): boolean {
  const order = compareAmounts(deposit.amountText, withdrawal.amountText);
  return order !== null && order <= 0;
}

/** `transactions` sorted by (timestamp, id). */
export function matchTransfers(
  transactions: readonly Transaction[],
  links: readonly TransferLink[],
  isFiat: (asset: string) => boolean,
): TransferMatches {
  const partner = new Int32Array(transactions.length).fill(-1);
  const invalidLinks: TransferMatches['invalidLinks'] = [];
  const pair = (a: number, b: number): void => {
    partner[a] = b;
    partner[b] = a;
  };

  if (links.length > 0) {
    const indexOf = new Map<number, number>();
    transactions.forEach((transaction, index) => indexOf.set(transaction.id, index));
    for (const link of links) {
      const reason = linkProblem(link, transactions, indexOf, partner, isFiat);
      if (reason === null) pair(indexOf.get(link.withdrawalId)!, indexOf.get(link.depositId)!);
      else invalidLinks.push({ link, reason });
    }
  }

  // Candidates grouped by hash, each list in ledger order.
  const groups = new Map<string, Side[]>();
  for (let index = 0; index < transactions.length; index++) {
    const transaction = transactions[index]!;
    if (transaction.txHash === null || partner[index] !== -1) continue;
    if (transaction.type !== 'withdrawal' && transaction.type !== 'deposit') continue;
    const hash = transaction.txHash.trim().toLowerCase();
    if (hash === '') continue;
    const side = withdrawalSide(index, transaction, isFiat) ?? depositSide(index, transaction, isFiat);
    if (side === null) continue;
    const group = groups.get(hash);
    if (group === undefined) groups.set(hash, [side]);
    else group.push(side);
  }

  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const withdrawal of group) {
      const w = withdrawal.transaction;
      if (w.type !== 'withdrawal') continue;
      for (const candidate of group) {
        const d = candidate.transaction;
        if (
          d.type === 'deposit' &&
          partner[candidate.index] === -1 &&
          candidate.asset === withdrawal.asset &&
          d.accountId !== w.accountId &&
          d.timestamp >= w.timestamp - CLOCK_SKEW_MS &&
          depositFits(candidate, withdrawal)
        ) {
          pair(withdrawal.index, candidate.index);
          break;
        }
      }
    }
  }
  return { partner, invalidLinks };
}

function linkProblem(
  link: TransferLink,
  transactions: readonly Transaction[],
  indexOf: ReadonlyMap<number, number>,
  partner: Int32Array,
  isFiat: (asset: string) => boolean,
): string | null {
  const withdrawalIndex = indexOf.get(link.withdrawalId);
  const depositIndex = indexOf.get(link.depositId);
  if (withdrawalIndex === undefined) return `transaction ${link.withdrawalId} is not in the ledger`;
  if (depositIndex === undefined) return `transaction ${link.depositId} is not in the ledger`;
  const withdrawal = transactions[withdrawalIndex]!;
  const deposit = transactions[depositIndex]!;
  const sent = withdrawalSide(withdrawalIndex, withdrawal, isFiat);
  const received = depositSide(depositIndex, deposit, isFiat);
  if (sent === null) return `transaction ${withdrawal.id} is not a withdrawal of a crypto asset`;
  if (received === null) return `transaction ${deposit.id} is not a deposit of a crypto asset`;
  if (sent.asset !== received.asset) return `the withdrawal sends ${sent.asset} but the deposit receives ${received.asset}`;
  if (withdrawal.accountId === deposit.accountId) return 'both are in the same account';
  if (!depositFits(received, sent)) {
    return `the deposit (${received.amountText} ${received.asset}) is larger than the withdrawal (${sent.amountText})`;
  }
  if (partner[withdrawalIndex] !== -1) return `transaction ${withdrawal.id} is already linked`;
  if (partner[depositIndex] !== -1) return `transaction ${deposit.id} is already linked`;
  return null;
}
