// The other side an unmatched transfer could have: for a withdrawal, deposits of the same
// asset into another account arriving from a day before to five days after it, of at
// least 90% of the amount and no more than it (a network fee makes the deposit smaller);
// for a deposit from outside, such withdrawals the other way round. Transactions already
// paired (by a link or a matching hash) are left out. Best first, by a score that weighs
// the amount missing (up to 10%) and the time apart (up to five days) equally.
import { Decimal, parseDecimal } from '../../../shared/money.ts';
import type { Database } from '../db/open-ledger.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EARLIEST_BEFORE_WITHDRAWAL = DAY;
const LATEST_AFTER_WITHDRAWAL = 5 * DAY;
const SMALLEST_SHARE = new Decimal('0.9');
const CANDIDATES = 5;

interface Side {
  id: number;
  account_id: number;
  timestamp: number;
  type: string;
  asset: string | null;
  amount: string | null;
}

const UNPAIRED = `t.id NOT IN (SELECT withdrawal_id FROM transfer_links) AND t.id NOT IN (SELECT deposit_id FROM transfer_links)
  AND t.id NOT IN (SELECT transaction_id FROM transfer_pairs)`;

export function transferCandidates(db: Database, transactionId: number): number[] {
  const self = db
    .prepare(
      `SELECT id, account_id, timestamp, type,
              CASE type WHEN 'withdrawal' THEN sent_asset ELSE received_asset END AS asset,
              CASE type WHEN 'withdrawal' THEN sent_amount ELSE received_amount END AS amount
         FROM transactions WHERE id = ?`,
    )
    .get(transactionId) as Side | undefined;
  if (!self || self.asset === null || self.amount === null) return [];
  const amount = parseDecimal(self.amount);
  if (amount === null || !amount.gt(0)) return [];
  const isWithdrawal = self.type === 'withdrawal';
  if (!isWithdrawal && self.type !== 'deposit') return [];

  const [from, to] = isWithdrawal
    ? [self.timestamp - EARLIEST_BEFORE_WITHDRAWAL, self.timestamp + LATEST_AFTER_WITHDRAWAL]
    : [self.timestamp - LATEST_AFTER_WITHDRAWAL, self.timestamp + EARLIEST_BEFORE_WITHDRAWAL];
  const others = db
    .prepare(
      isWithdrawal
        ? `SELECT t.id, t.timestamp, t.received_amount AS amount FROM transactions t
            WHERE t.timestamp BETWEEN ? AND ? AND t.type = 'deposit' AND t.received_asset = ? AND t.account_id <> ? AND ${UNPAIRED}`
        : `SELECT t.id, t.timestamp, t.sent_amount AS amount FROM transactions t
            WHERE t.timestamp BETWEEN ? AND ? AND t.type = 'withdrawal' AND t.sent_asset = ? AND t.account_id <> ? AND ${UNPAIRED}`,
    )
    .all(from, to, self.asset, self.account_id) as { id: number; timestamp: number; amount: string }[];

  const scored: { id: number; score: number }[] = [];
  for (const other of others) {
    const otherAmount = parseDecimal(other.amount);
    if (otherAmount === null || !otherAmount.gt(0)) continue;
    const [sent, received] = isWithdrawal ? [amount, otherAmount] : [otherAmount, amount];
    if (received.gt(sent) || received.lt(sent.times(SMALLEST_SHARE))) continue;
    // A ratio for ranking only, never an amount: a float is fine here.
    const missing = sent.minus(received).div(sent).toNumber() / 0.1;
    scored.push({ id: other.id, score: missing + Math.abs(other.timestamp - self.timestamp) / LATEST_AFTER_WITHDRAWAL });
  }
  scored.sort((a, b) => a.score - b.score || a.id - b.id);
  return scored.slice(0, CANDIDATES).map((s) => s.id);
}
