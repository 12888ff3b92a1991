// What each kind of transaction does to the lots, by the US rules the project follows
// (DOMAIN.md): trades, income, gifts and losses, expenses, realised gains, swaps, transfers.
//
// Fees, in one place:
// - A fiat fee in the report currency is a transaction cost: it adds to the basis of what
//   a buy acquires and reduces the proceeds of what a sale or trade disposes of. Fiat fees
//   on other transactions (a withdrawal fee paid in dollars) are not a capital event and
//   are left out.
// - A crypto fee is itself a disposal of the fee units at fair market value (kind `fee`).
//   On a trade its value is also a transaction cost, so the trade's total proceeds stay the
//   value received: selling 7.99 ETH for 19,975 USD with a 0.01 ETH fee disposes of 7.99 ETH
//   for 19,950 and of 0.01 ETH for 25. Which cost it is: a fee in the received asset adds
//   to the basis of the lot received (the lot is acquired first, then the fee units are
//   disposed of); otherwise it reduces the proceeds of the disposal, or adds to the basis
//   of a buy. A fee's value is known only when it can be derived from the trade itself
//   (a fee in the sent or received asset); a fee in a third asset is a missing price.
// - A transfer's network fee (withdrawal minus deposit, plus a fee leg) is a disposal of
//   the fee units. Adding it to the basis of the moved lots instead would also be
//   defensible; Lotwise reports it as a disposal so that it is visible. It is the only part
//   of a transfer disposed of, so it is what the transfer's specific-ID picks choose.
import { Decimal, ZERO, toDecimalText } from '../money.ts';
import type { Transaction } from '../transaction.ts';
import { INCOME_TYPES, aType, isTransactionType } from '../transaction.ts';
import { compareDecimals } from './decimal-order.ts';
import { DERIVED_DECIMALS, dividePieces, pieceCostBasis } from './lot-piece.ts';
import type { LotPiece } from './lot-piece.ts';
import type { LotPick } from './lot-pools.ts';
import type { EventContext, TakePurpose, TaxBook } from './tax-book.ts';
import type { Leg, Legs, Valuation } from './transaction-legs.ts';
import type { LotsBefore } from './types.ts';
import { describeLegs, fiatValueOf, legText, legValue, readLegs } from './transaction-legs.ts';

/** What the handlers share besides the book. */
export interface EventEnvironment {
  readonly book: TaxBook;
  readonly reportCurrency: string;
  readonly isFiat: (asset: string) => boolean;
  /** The transaction's specific-ID picks, handed out once: to its first take. */
  takePicks(transactionId: number): LotPick[] | null;
  /** By ledger position: the other half of a transfer (see transfer-matching.ts), or -1. */
  readonly partner: Int32Array;
  /** By ledger position: 1 once the transfer's lots have moved (when its first half came up). */
  readonly transferDone: Uint8Array;
  contextAt(index: number): EventContext;
}

/** One transaction's effect on the lots. Legs were read and fit the type (see legShapeProblem). */
export function handleTransaction(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const type = context.transaction.type;
  if (INCOME_TYPES.has(type)) return handleIncome(env, context, legs);
  switch (type) {
    case 'trade':
    case 'liquidity-in':
    case 'liquidity-out':
      return handleTrade(env, context, legs);
    case 'swap':
      return handleSwap(env, context, legs);
    case 'deposit':
    case 'withdrawal':
      return handleTransferSide(env, context, legs);
    case 'gift-received':
      return handleGiftReceived(env, context, legs);
    case 'gift-sent':
    case 'donation':
    case 'lost':
      return handleRemoval(env, context, legs, type);
    case 'expense':
    case 'fee':
      return handleSpending(env, context, legs);
    case 'realized-gain':
      return handleRealizedGain(env, context, legs);
    default:
      return;
  }
}

/** Why the legs do not fit the type (a sentence), or null when they do. */
export function legShapeProblem(transaction: Transaction, legs: Legs): string | null {
  const type = transaction.type;
  if (!isTransactionType(type)) return `its type "${String(type)}" is not one Lotwise knows`;
  const receivedOnly = type === 'deposit' || type === 'gift-received' || INCOME_TYPES.has(type);
  const sentOnly = type === 'withdrawal' || type === 'gift-sent' || type === 'donation' || type === 'lost' || type === 'expense';
  if (receivedOnly && (legs.sent !== null || legs.received === null)) return `${aType(type)} needs a received amount and no sent amount`;
  if (sentOnly && (legs.received !== null || legs.sent === null)) return `${aType(type)} needs a sent amount and no received amount`;
  if (type === 'fee' && (legs.received !== null || (legs.sent === null && legs.fee === null))) {
    return 'a fee needs a sent or fee amount and no received amount';
  }
  if (type === 'realized-gain' && legs.sent === null && legs.received === null) return 'a realised gain or loss needs a received or sent amount';
  return null;
}

function warnMissingPrice(env: EventEnvironment, context: EventContext, legs: Legs, missing: string, consequence: string, asset?: string): void {
  const { book } = env;
  const transaction = context.transaction;
  const description = describeLegs(transaction.type, legs);
  const date = book.dateText(context.day);
  book.warn({
    code: 'missing-price',
    message:
      `${description[0]!.toUpperCase()}${description.slice(1)} in ${book.accountName(transaction.accountId)} on ${date} ` +
      `(transaction ${transaction.id}) has ${missing}: ${consequence} until a price is added. Add its value in ${env.reportCurrency}.`,
    transactionId: transaction.id,
    accountId: transaction.accountId,
    asset: asset ?? legs.sent?.asset ?? legs.received?.asset ?? legs.fee?.asset,
    date,
  });
}

/** `value` × part / whole, rounded like every derived amount. */
function valueShare(value: Decimal, part: Decimal, whole: Decimal): Decimal {
  if (compareDecimals(part, whole) === 0) return value;
  return value.times(part).div(whole).toDecimalPlaces(DERIVED_DECIMALS);
}

function crypto(leg: Leg | null): Leg | null {
  return leg !== null && !leg.fiat ? leg : null;
}

/**
 * Takes the main leg's units, together with a fee paid in the same asset, in one take
 * (so one shortfall warning covers both). Returns the main pieces and the fee's pieces
 * (null when the fee is in another asset or there is none).
 */
function takeWithFee(
  env: EventEnvironment,
  context: EventContext,
  purpose: TakePurpose,
  main: Leg,
  fee: Leg | null,
  accountId: number,
  picks: readonly LotPick[] | null = env.takePicks(context.transaction.id),
): [LotPiece[], LotPiece[] | null] {
  const together = fee !== null && !fee.fiat && fee.asset === main.asset;
  const quantity = together ? main.amount.plus(fee.amount) : main.amount;
  const pieces = env.book.take(context, purpose, main.asset, accountId, quantity, picks);
  if (!together) return [pieces, null];
  return dividePieces(pieces, main.amount);
}

/**
 * A crypto fee as a disposal at its fair market value (`feeValue`, null when unknown);
 * warns when it has no value, unless the transaction's missing value was already reported.
 * `pieces` are the fee's units when they were taken together with the main leg.
 */
function disposeFee(
  env: EventEnvironment,
  context: EventContext,
  legs: Legs,
  fee: Leg,
  pieces: LotPiece[] | null,
  feeValue: Decimal | null,
  missingReported: boolean,
): void {
  const { book } = env;
  const transaction = context.transaction;
  if (feeValue === null && !missingReported) {
    warnMissingPrice(env, context, legs, `no ${env.reportCurrency} value for its fee of ${legText(fee)}`, 'the fee counts as 0 proceeds', fee.asset);
  }
  const taken = pieces ?? book.take(context, 'fee', fee.asset, transaction.accountId, fee.amount, env.takePicks(transaction.id));
  book.dispose(context, 'fee', fee.asset, taken, fee.amount, feeValue ?? ZERO, feeValue === null);
}

/** The fee's value from a known value of `amount` units of its asset. */
function feeValueFrom(fee: Leg, asset: string | undefined, amount: Decimal | undefined, value: Decimal | null): Decimal | null {
  if (value === null || asset !== fee.asset || amount === undefined) return null;
  return valueShare(value, fee.amount, amount);
}

// Buys, sells, crypto-to-crypto trades and liquidity moves.
function handleTrade(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const { book, reportCurrency } = env;
  const transaction = context.transaction;
  const accountId = transaction.accountId;
  const { sent, received, fee } = legs;
  const sentCrypto = crypto(sent);
  const receivedCrypto = crypto(received);
  const feeCrypto = crypto(fee);
  if (sentCrypto === null && receivedCrypto === null) {
    // Fiat for fiat: no lots, but a crypto fee is still a disposal.
    if (feeCrypto !== null) disposeFee(env, context, legs, feeCrypto, null, null, false);
    return;
  }

  // A fiat leg in the report currency is the trade's value; otherwise its fiatValue.
  let valuation: Valuation;
  if (sent !== null && sent.asset === reportCurrency) valuation = { value: sent.amount, missing: null };
  else if (received !== null && received.asset === reportCurrency) valuation = { value: received.amount, missing: null };
  else valuation = fiatValueOf(transaction, legs, reportCurrency);
  const otherFiat = sent !== null && sent.fiat ? sent : received !== null && received.fiat ? received : null;
  if (valuation.missing !== null && legs.fiatValue === null && otherFiat !== null) {
    valuation = { value: null, missing: `a value only in ${otherFiat.asset} (${legText(otherFiat)}), not in ${reportCurrency}` };
  }
  const value = valuation.value;

  if (valuation.missing !== null) {
    const consequences: string[] = [];
    if (sentCrypto) consequences.push(`the ${sentCrypto.asset} given counts as 0 proceeds`);
    if (receivedCrypto) consequences.push(`the ${receivedCrypto.asset} received gets a cost basis of 0`);
    warnMissingPrice(env, context, legs, valuation.missing, consequences.join(' and '));
  }

  // The fee: its value, and whether it is an acquisition cost or a disposal cost.
  let feeValue: Decimal | null = null;
  if (fee !== null) {
    if (fee.fiat) {
      if (fee.asset === reportCurrency) feeValue = fee.amount;
      else warnMissingPrice(env, context, legs, `a fee of ${legText(fee)}, not in ${reportCurrency}`, 'the fee is left out of the cost basis and proceeds', fee.asset);
    } else {
      feeValue = feeValueFrom(fee, sent?.asset, sent?.amount, value) ?? feeValueFrom(fee, received?.asset, received?.amount, value);
    }
  }
  const feeIsAcquisitionCost = fee !== null && ((receivedCrypto !== null && fee.asset === receivedCrypto.asset) || sentCrypto === null);
  const acquisitionCost = feeValue !== null && feeIsAcquisitionCost ? feeValue : ZERO;
  const disposalCost = feeValue !== null && !feeIsAcquisitionCost ? feeValue : ZERO;

  let feePieces: LotPiece[] | null = null;
  if (sentCrypto !== null) {
    let pieces: LotPiece[];
    const kind = received !== null && received.fiat ? 'sale' : 'trade';
    [pieces, feePieces] = takeWithFee(env, context, kind, sentCrypto, fee, accountId);
    const proceeds = value === null ? ZERO : disposalCost.isZero() ? value : value.minus(disposalCost);
    book.dispose(context, kind, sentCrypto.asset, pieces, sentCrypto.amount, proceeds, value === null);
  }
  if (receivedCrypto !== null) {
    book.acquire(context, {
      kind: sent !== null && sent.fiat ? 'purchase' : 'trade',
      asset: receivedCrypto.asset,
      accountId,
      quantity: receivedCrypto.amount,
      costBasis: value === null ? ZERO : acquisitionCost.isZero() ? value : value.plus(acquisitionCost),
      missingPrice: value === null,
      missingBasis: false,
    });
  }
  if (feeCrypto !== null) disposeFee(env, context, legs, feeCrypto, feePieces, feeValue, value === null);
}

// Income: ordinary income at fair market value; the lot's basis is that value.
function handleIncome(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const { book, reportCurrency } = env;
  const transaction = context.transaction;
  const received = legs.received!;
  const valuation = legValue(received, transaction, legs, reportCurrency);
  const value = valuation.value;
  if (valuation.missing !== null) {
    warnMissingPrice(env, context, legs, valuation.missing, `it counts as 0 income${received.fiat ? '' : ' and its lot gets a cost basis of 0'}`);
  }
  let lotId: string | null = null;
  if (!received.fiat) {
    lotId = book.acquire(context, {
      kind: 'income',
      asset: received.asset,
      accountId: transaction.accountId,
      quantity: received.amount,
      costBasis: value ?? ZERO,
      missingPrice: value === null,
      missingBasis: false,
    }).origin.lotId;
  }
  book.recordIncome(context, transaction.type, received.asset, received.amount, value ?? ZERO, lotId, value === null);
  payOwnFee(env, context, legs, received, value, value === null);
}

/** A crypto fee on a transaction that is not a trade: a disposal; its value follows from the main leg's. */
function payOwnFee(
  env: EventEnvironment,
  context: EventContext,
  legs: Legs,
  main: Leg | null,
  mainValue: Decimal | null,
  missingReported: boolean,
  feePieces: LotPiece[] | null = null,
): void {
  const fee = crypto(legs.fee);
  if (fee === null) return;
  disposeFee(env, context, legs, fee, feePieces, feeValueFrom(fee, main?.asset, main?.amount, mainValue), missingReported);
}

// A gift received carries the giver's basis, which the ledger has only as the fiatValue.
// (Its holding period would also include the giver's, which the ledger does not know: the
// lot is dated when it was received.)
function handleGiftReceived(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const { book, reportCurrency } = env;
  const transaction = context.transaction;
  const received = legs.received!;
  if (received.fiat) return payOwnFee(env, context, legs, null, null, false);
  const valuation = fiatValueOf(transaction, legs, reportCurrency);
  if (valuation.value === null) {
    const date = book.dateText(context.day);
    book.warn({
      code: 'missing-cost-basis',
      message:
        `The gift of ${legText(received)} received in ${book.accountName(transaction.accountId)} on ${date} ` +
        `(transaction ${transaction.id}) has ${valuation.missing}: the giver's cost basis is unknown, so it counts as 0. ` +
        `Enter the giver's cost basis as its value in ${reportCurrency}.`,
      transactionId: transaction.id,
      accountId: transaction.accountId,
      asset: received.asset,
      date,
      quantity: toDecimalText(received.amount),
    });
  }
  book.acquire(context, {
    kind: 'gift-received',
    asset: received.asset,
    accountId: transaction.accountId,
    quantity: received.amount,
    costBasis: valuation.value ?? ZERO,
    missingPrice: false,
    missingBasis: valuation.value === null,
  });
  payOwnFee(env, context, legs, null, null, false);
}

// Gifts sent, donations, lost or stolen coins: out of the lots without a gain.
function handleRemoval(env: EventEnvironment, context: EventContext, legs: Legs, kind: 'gift-sent' | 'donation' | 'lost'): void {
  const { book, reportCurrency } = env;
  const transaction = context.transaction;
  const sent = legs.sent!;
  if (sent.fiat) return payOwnFee(env, context, legs, null, null, false);
  const value = fiatValueOf(transaction, legs, reportCurrency).value;
  const [pieces, feePieces] = takeWithFee(env, context, kind, sent, legs.fee, transaction.accountId);
  book.remove(context, kind, sent.asset, pieces, sent.amount, value);
  payOwnFee(env, context, legs, sent, value, false, feePieces);
}

// Payments for goods and services, and standalone fees: disposals at fair market value.
function handleSpending(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const { book, reportCurrency } = env;
  const transaction = context.transaction;
  const kind = transaction.type === 'fee' ? 'fee' : 'expense';
  // A standalone fee may come as a fee leg only: then that leg is what is spent.
  const main = legs.sent ?? legs.fee!;
  const fee = legs.sent === null ? null : legs.fee;
  if (main.fiat) return payOwnFee(env, context, { ...legs, fee }, null, null, false);
  const valuation = fiatValueOf(transaction, legs, reportCurrency);
  const value = valuation.value;
  if (valuation.missing !== null) warnMissingPrice(env, context, legs, valuation.missing, 'its proceeds count as 0');

  let feeValue: Decimal | null = null;
  if (fee !== null && fee.fiat) {
    if (fee.asset === reportCurrency) feeValue = fee.amount;
    else warnMissingPrice(env, context, legs, `a fee of ${legText(fee)}, not in ${reportCurrency}`, 'the fee is left out of the proceeds', fee.asset);
  } else if (fee !== null) {
    feeValue = feeValueFrom(fee, main.asset, main.amount, value);
  }
  const [pieces, feePieces] = takeWithFee(env, context, kind, main, fee, transaction.accountId);
  const proceeds = value === null ? ZERO : feeValue === null ? value : value.minus(feeValue);
  book.dispose(context, kind, main.asset, pieces, main.amount, proceeds, value === null);
  const feeCrypto = crypto(fee);
  if (feeCrypto !== null) disposeFee(env, context, legs, feeCrypto, feePieces, feeValue, value === null);
}

// A profit or loss realised directly (derivatives, P&L statements): a short-term row.
function handleRealizedGain(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const { book, reportCurrency } = env;
  const transaction = context.transaction;
  const { sent, received } = legs;
  let missingReported = false;
  if (received !== null) {
    const valuation = legValue(received, transaction, legs, reportCurrency);
    const value = valuation.value ?? ZERO;
    if (valuation.missing !== null) {
      warnMissingPrice(env, context, legs, valuation.missing, `the profit counts as 0${received.fiat ? '' : ' and its lot gets a cost basis of 0'}`);
      missingReported = true;
    }
    book.realizedGain(context, received.asset, received.amount, value, ZERO, valuation.missing !== null);
    if (!received.fiat) {
      book.acquire(context, {
        kind: 'realized-gain',
        asset: received.asset,
        accountId: transaction.accountId,
        quantity: received.amount,
        costBasis: value,
        missingPrice: valuation.missing !== null,
        missingBasis: false,
      });
    }
  }
  let feePieces: LotPiece[] | null = null;
  let sentValue: Decimal | null = null;
  if (sent !== null) {
    const valuation = legValue(sent, transaction, legs, reportCurrency);
    sentValue = valuation.value;
    if (valuation.missing !== null) {
      warnMissingPrice(env, context, legs, valuation.missing, 'the loss counts as 0');
      missingReported = true;
    }
    book.realizedGain(context, sent.asset, sent.amount, ZERO, sentValue ?? ZERO, valuation.missing !== null);
    if (!sent.fiat) {
      // Paying a loss in crypto also disposes of the coins paid, at their value.
      let pieces: LotPiece[];
      [pieces, feePieces] = takeWithFee(env, context, 'realized-gain', sent, legs.fee, transaction.accountId);
      book.dispose(context, 'expense', sent.asset, pieces, sent.amount, sentValue ?? ZERO, sentValue === null);
    }
  }
  payOwnFee(env, context, legs, sent, sentValue, missingReported, feePieces);
}

// A tax-free swap: the received asset's lots carry the sent lots' basis and dates.
function handleSwap(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const { book, reportCurrency } = env;
  const transaction = context.transaction;
  const sent = crypto(legs.sent);
  const received = crypto(legs.received);
  // A swap with fiat money on either side is a buy or a sale.
  if (sent === null || received === null) return handleTrade(env, context, legs);
  const value = fiatValueOf(transaction, legs, reportCurrency).value;
  const [pieces, feePieces] = takeWithFee(env, context, 'swap', sent, legs.fee, transaction.accountId);
  book.remove(context, 'swap', sent.asset, pieces, sent.amount, null);

  // Each piece becomes a lot of the received asset in proportion; shares round down so
  // the last lot (which takes the rest) is never short. A share too small to show at
  // DERIVED_DECIMALS passes its basis on to the next lot.
  const perUnit = pieces.length === 1 ? ZERO : received.amount.div(sent.amount);
  let quantityLeft = received.amount;
  let carriedBasis = ZERO;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const last = i === pieces.length - 1;
    const quantity = last ? quantityLeft : piece.quantity.times(perUnit).toDecimalPlaces(DERIVED_DECIMALS, Decimal.ROUND_DOWN);
    const costBasis = carriedBasis.isZero() ? pieceCostBasis(piece) : carriedBasis.plus(pieceCostBasis(piece));
    if (quantity.isZero()) {
      carriedBasis = costBasis;
      continue;
    }
    carriedBasis = ZERO;
    quantityLeft = quantityLeft.minus(quantity);
    const origin = piece.origin;
    book.acquire(context, {
      kind: 'swap',
      lotId: `${transaction.id}:${origin.lotId}`,
      asset: received.asset,
      accountId: transaction.accountId,
      quantity,
      costBasis,
      acquiredAt: origin.acquiredAt,
      acquiredDay: origin.acquiredDay,
      acquisitionTransactionId: origin.acquisitionTransactionId,
      missingPrice: origin.missingPrice,
      missingBasis: origin.missingBasis,
    });
  }
  const fee = crypto(legs.fee);
  if (fee !== null) {
    const feeValue = feeValueFrom(fee, sent.asset, sent.amount, value) ?? feeValueFrom(fee, received.asset, received.amount, value);
    disposeFee(env, context, legs, fee, feePieces, feeValue, false);
  }
}

// Deposits and withdrawals: one side of a transfer between own accounts, or unmatched.
function handleTransferSide(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const transaction = context.transaction;
  const partner = env.partner[context.index]!;
  if (partner !== -1) {
    if (env.transferDone[context.index] === 1) return;
    const other = env.contextAt(partner);
    const [withdrawal, deposit] = transaction.type === 'withdrawal' ? [context, other] : [other, context];
    if (movePair(env, withdrawal, deposit, context, legs)) return;
  }
  if (transaction.type === 'withdrawal') unmatchedWithdrawal(env, context, legs);
  else unmatchedDeposit(env, context, legs);
}

function unmatchedWithdrawal(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const { book, reportCurrency } = env;
  const transaction = context.transaction;
  const sent = legs.sent!;
  if (sent.fiat) return payOwnFee(env, context, legs, null, null, false);
  const date = book.dateText(context.day);
  const account = book.accountName(transaction.accountId);
  book.warn({
    code: 'unmatched-transfer',
    message:
      `Sent ${legText(sent)} from ${account} on ${date} (transaction ${transaction.id}) with no matching deposit in another account. ` +
      'It is counted as leaving your holdings, not as a sale. If it went to a wallet of yours, import that wallet or link the ' +
      'transfer; if it paid for something or was a gift, change its type.',
    transactionId: transaction.id,
    accountId: transaction.accountId,
    asset: sent.asset,
    date,
    quantity: toDecimalText(sent.amount),
  });
  const value = fiatValueOf(transaction, legs, reportCurrency).value;
  const [pieces, feePieces] = takeWithFee(env, context, 'withdrawal', sent, legs.fee, transaction.accountId);
  book.remove(context, 'unmatched-withdrawal', sent.asset, pieces, sent.amount, value);
  payOwnFee(env, context, legs, sent, value, false, feePieces);
}

function unmatchedDeposit(env: EventEnvironment, context: EventContext, legs: Legs): void {
  const { book, reportCurrency } = env;
  const transaction = context.transaction;
  const received = legs.received!;
  if (received.fiat) return payOwnFee(env, context, legs, null, null, false);
  const date = book.dateText(context.day);
  book.warn({
    code: 'missing-cost-basis',
    message:
      `Received ${legText(received)} in ${book.accountName(transaction.accountId)} on ${date} (transaction ${transaction.id}) ` +
      'from outside the accounts in the ledger: its cost basis is unknown, so it counts as 0. Import the account it came from ' +
      'or link the transfer; if it was a purchase, income or a gift, change its type.',
    transactionId: transaction.id,
    accountId: transaction.accountId,
    asset: received.asset,
    date,
    quantity: toDecimalText(received.amount),
  });
  book.acquire(context, {
    kind: 'deposit',
    asset: received.asset,
    accountId: transaction.accountId,
    quantity: received.amount,
    costBasis: ZERO,
    missingPrice: false,
    missingBasis: true,
  });
  payOwnFee(env, context, legs, received, fiatValueOf(transaction, legs, reportCurrency).value, false);
}

/** A transfer's network fee in the asset sent: the units withdrawn beyond those deposited, with a fee leg in that asset. */
function networkFeeOf(sent: Leg, fee: Leg | null, deposited: Decimal): Decimal {
  const beyond = sent.amount.minus(deposited);
  return fee !== null && !fee.fiat && fee.asset === sent.asset ? beyond.plus(fee.amount) : beyond;
}

/** The asset and quantity a transaction's specific-ID picks choose lots for. */
export type PickedPart = NonNullable<LotsBefore['picks']>;

/**
 * What a transaction's picks apply to, as the handlers here use them: the first units it
 * takes (its sent asset together with a fee paid in it, else a crypto fee), or for a
 * withdrawal whose other half is `deposit`, its network fee (else a fee in another asset).
 * Null when it takes no lots a pick could choose.
 */
export function pickedPart(transaction: Transaction, deposit: Transaction | null, isFiat: (asset: string) => boolean): PickedPart | null {
  if (transaction.type === 'ignored') return null;
  const legs = readLegs(transaction, isFiat);
  if (typeof legs === 'string' || legShapeProblem(transaction, legs) !== null) return null;
  const sent = crypto(legs.sent);
  const fee = crypto(legs.fee);
  const depositLegs = transaction.type === 'withdrawal' && deposit !== null ? readLegs(deposit, isFiat) : null;
  if (sent !== null && depositLegs !== null && typeof depositLegs !== 'string' && depositLegs.received !== null) {
    const networkFee = networkFeeOf(sent, fee, depositLegs.received.amount);
    if (!networkFee.isZero()) return { asset: sent.asset, quantity: networkFee, part: 'network-fee' };
    return fee !== null && fee.asset !== sent.asset ? { asset: fee.asset, quantity: fee.amount, part: 'fee' } : null;
  }
  if (sent !== null) {
    const quantity = fee !== null && fee.asset === sent.asset ? sent.amount.plus(fee.amount) : sent.amount;
    return { asset: sent.asset, quantity, part: 'sent' };
  }
  return fee === null ? null : { asset: fee.asset, quantity: fee.amount, part: 'fee' };
}

/**
 * Moves a transfer's lots when the first of its two transactions comes up (a deposit
 * may be recorded slightly before its withdrawal). The lots keep their dates and basis;
 * which lots move follows the method. The units withdrawn beyond those deposited, with a
 * fee leg in the same asset, are the network fee; the withdrawal's picks choose its lots
 * (see pickedPart). Returns false when the other half cannot be read (then both are
 * handled alone).
 */
function movePair(
  env: EventEnvironment,
  withdrawalContext: EventContext,
  depositContext: EventContext,
  current: EventContext,
  currentLegs: Legs,
): boolean {
  const { book, reportCurrency } = env;
  const withdrawal = withdrawalContext.transaction;
  const deposit = depositContext.transaction;
  const withdrawalLegs = current === withdrawalContext ? currentLegs : readLegs(withdrawal, env.isFiat);
  const depositLegs = current === depositContext ? currentLegs : readLegs(deposit, env.isFiat);
  if (typeof withdrawalLegs === 'string' || typeof depositLegs === 'string' || !withdrawalLegs.sent || !depositLegs.received) {
    env.partner[withdrawalContext.index] = -1;
    env.partner[depositContext.index] = -1;
    return false;
  }
  env.transferDone[withdrawalContext.index] = 1;
  env.transferDone[depositContext.index] = 1;
  const sent = withdrawalLegs.sent;
  const depositAmount = depositLegs.received.amount;
  const fee = crypto(withdrawalLegs.fee);
  const feeInSent = fee !== null && fee.asset === sent.asset;
  const networkFee = networkFeeOf(sent, fee, depositAmount);

  // Without a network fee, picks are for a fee in another asset (payOwnFee below takes them).
  const picks = networkFee.isZero() && fee !== null && !feeInSent ? null : env.takePicks(withdrawal.id);
  let moved: LotPiece[];
  let feePieces: LotPiece[];
  if (picks === null) {
    const [pieces, feeLegPieces] = takeWithFee(env, withdrawalContext, 'transfer', sent, withdrawalLegs.fee, withdrawal.accountId, null);
    let networkFeePieces: LotPiece[];
    [moved, networkFeePieces] = dividePieces(pieces, depositAmount);
    feePieces = feeLegPieces === null ? networkFeePieces : [...networkFeePieces, ...feeLegPieces];
  } else {
    // Picked lots come first in the take, so they pay the fee; the rest moves by the method
    // (after any units picked beyond the fee).
    const quantity = feeInSent ? sent.amount.plus(fee.amount) : sent.amount;
    const pieces = book.take(withdrawalContext, 'transfer', sent.asset, withdrawal.accountId, quantity, picks);
    [feePieces, moved] = dividePieces(pieces, networkFee);
  }
  book.moveTo(withdrawalContext, moved, deposit.accountId);

  if (!networkFee.isZero()) {
    const withdrawalValue = fiatValueOf(withdrawal, withdrawalLegs, reportCurrency).value;
    const depositValue = fiatValueOf(deposit, depositLegs, reportCurrency).value;
    // The fee's value only matters for a reported disposal: spare the division otherwise.
    let feeValue: Decimal | null = null;
    if (!withdrawalContext.reporting) feeValue = null;
    else if (withdrawalValue !== null) feeValue = valueShare(withdrawalValue, networkFee, sent.amount);
    else if (depositValue !== null) feeValue = valueShare(depositValue, networkFee, depositAmount);
    const missingPrice = withdrawalValue === null && depositValue === null;
    if (missingPrice) {
      warnMissingPrice(
        env,
        withdrawalContext,
        withdrawalLegs,
        `no ${reportCurrency} value for its network fee of ${toDecimalText(networkFee)} ${sent.asset} (the transfer to ` +
          `${book.accountName(deposit.accountId)}, transaction ${deposit.id})`,
        'the fee counts as 0 proceeds',
        sent.asset,
      );
    }
    book.dispose(withdrawalContext, 'fee', sent.asset, feePieces, networkFee, feeValue ?? ZERO, missingPrice);
  }
  // Fees in other assets on either side: disposals of their own.
  if (!feeInSent) payOwnFee(env, withdrawalContext, withdrawalLegs, null, null, false);
  payOwnFee(env, depositContext, depositLegs, depositLegs.received, fiatValueOf(deposit, depositLegs, reportCurrency).value, false);
  return true;
}
