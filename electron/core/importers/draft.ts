// Building a transaction draft from a row's legs, and checking that an explicit type
// fits them (an income needs a received amount, a gift a sent one, and so on).
import type { TransactionDraft, TransactionType } from '../../../shared/transaction.ts';
import { INCOME_TYPES, aType } from '../../../shared/transaction.ts';
import type { Leg, RowFields } from './row-fields.ts';

const SENT_ONLY: ReadonlySet<TransactionType> = new Set(['withdrawal', 'gift-sent', 'donation', 'lost', 'expense']);
const RECEIVED_ONLY: ReadonlySet<TransactionType> = new Set(['deposit', 'gift-received', ...INCOME_TYPES]);
const BOTH: ReadonlySet<TransactionType> = new Set(['trade', 'swap']);

export interface DraftParts {
  timestamp: number;
  /** Explicit type from the row; null → follow from the legs. */
  type: TransactionType | null;
  sent: Leg | null;
  received: Leg | null;
  fee: Leg | null;
  fiatValue?: string | null;
  fiatCurrency?: string | null;
  label?: string | null;
  description?: string | null;
  txHash?: string | null;
  externalId?: string | null;
  raw: unknown;
}

/** The type the legs imply when the row gives none. */
export function typeFromLegs(sent: Leg | null, received: Leg | null, fee: Leg | null): TransactionType | null {
  if (sent && received) return 'trade';
  if (sent) return 'withdrawal';
  if (received) return 'deposit';
  if (fee) return 'fee';
  return null;
}

/** The amount columns of a format whose rows have one sent and one received amount. */
export interface AmountColumns {
  sent: string;
  received: string;
}

/**
 * The draft, or null after recording why the legs and the type do not fit.
 * `typeColumn` names the column to point at when the type is the problem. With
 * `amountColumns`, an amount the type needs and the row lacks (empty, or 0) is pointed at
 * in its own column instead: there the type is right and the amount is what to fix.
 */
export function buildDraft(
  fields: RowFields,
  parts: DraftParts,
  typeColumn: string | null,
  amountColumns: AmountColumns | null = null,
): TransactionDraft | null {
  const { sent, received, fee } = parts;
  const type = parts.type ?? typeFromLegs(sent, received, fee);
  if (type === null) return fields.fail(null, 'the row has no sent, received or fee amount');
  const what = type === 'deposit' ? 'a deposit' : INCOME_TYPES.has(type) ? `income (${type})` : aType(type);
  // A side written as 0 with its asset ("0,ETH") is no side at all: left to the legs, a
  // trade whose sent amount is 0 would be taken for a deposit of what it received.
  const zero = parts.type === null ? fields.zeroLegs[0] : undefined;
  if (zero !== undefined) {
    return fields.fail(
      zero.amountColumn,
      `${zero.amountColumn} is 0, so this row would be read as ${what}: give the amount, or leave ${zero.amountColumn} and ${zero.assetColumn} empty if there is none`,
    );
  }
  if (type === 'fee' && (received || !(sent || fee))) {
    return fields.fail(typeColumn, 'a fee needs a sent or fee amount and no received amount');
  }
  if (SENT_ONLY.has(type) && (received || !sent)) {
    if (!received && amountColumns) return fields.fail(amountColumns.sent, `${what} needs a sent amount above 0`);
    return fields.fail(typeColumn, `${what} needs a sent amount and no received amount`);
  }
  if (RECEIVED_ONLY.has(type) && (sent || !received)) {
    if (!sent && amountColumns) return fields.fail(amountColumns.received, `${what} needs a received amount above 0`);
    return fields.fail(typeColumn, `${what} needs a received amount and no sent amount`);
  }
  if (BOTH.has(type) && !(sent && received)) {
    if (amountColumns) {
      return fields.fail(sent ? amountColumns.received : amountColumns.sent, `${what} needs both a sent and a received amount above 0`);
    }
    return fields.fail(typeColumn, `${what} needs both a sent and a received amount`);
  }
  if (type === 'realized-gain' && (sent === null) === (received === null)) {
    return fields.fail(typeColumn, 'a realized gain needs either a received amount (a profit) or a sent amount (a loss), not both');
  }
  return {
    timestamp: parts.timestamp,
    type,
    sentAsset: sent?.asset ?? null,
    sentAmount: sent?.amount ?? null,
    receivedAsset: received?.asset ?? null,
    receivedAmount: received?.amount ?? null,
    feeAsset: fee?.asset ?? null,
    feeAmount: fee?.amount ?? null,
    fiatValue: parts.fiatValue ?? null,
    fiatCurrency: parts.fiatCurrency ?? null,
    label: parts.label ?? null,
    description: parts.description ?? null,
    txHash: parts.txHash ?? null,
    externalId: parts.externalId ?? null,
    raw: parts.raw,
  };
}
