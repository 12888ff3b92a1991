// ccxt's unified trades and transfers as transaction drafts, for exchanges without a
// strategy of their own. Unified amounts are floats: they are written back as ccxt's own
// exact decimal text (numberToString), the best the unified structures allow.
import type { Trade, Transaction as CcxtTransfer } from 'ccxt';
import { emptyDraft, type TransactionDraft } from '../../../../shared/transaction.ts';
import { normalizeAsset } from '../../../../shared/assets.ts';
import type { ExchangeClient } from '../exchange-client.ts';
import { MalformedResponseError } from '../failures.ts';

type Draft = TransactionDraft & { externalId: string };

function text(client: ExchangeClient, value: number | string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const written = typeof value === 'string' ? value : client.numberToString(value);
  return written === '0' || written === '' ? null : written.replace(/^-/, '');
}


export function tradeDraft(client: ExchangeClient, trade: Trade): Draft {
  if (typeof trade.timestamp !== 'number' || !trade.symbol || !trade.side || trade.id === undefined) {
    throw new MalformedResponseError(`a trade without a time, market, side or id: ${JSON.stringify(trade.info).slice(0, 200)}`);
  }
  const [base, quote] = trade.symbol.split(/[/:]/);
  const amount = text(client, trade.amount);
  const cost = text(client, trade.cost ?? (trade.amount !== undefined && trade.price !== undefined ? trade.amount * trade.price : undefined));
  const draft = emptyDraft(trade.timestamp, 'trade', `trade:${trade.symbol}:${trade.id}`, trade.info);
  draft.label = `${trade.side} ${trade.symbol}`;
  if (trade.side === 'buy') {
    draft.receivedAsset = normalizeAsset(base!);
    draft.receivedAmount = amount;
    draft.sentAsset = normalizeAsset(quote!);
    draft.sentAmount = cost;
  } else {
    draft.sentAsset = normalizeAsset(base!);
    draft.sentAmount = amount;
    draft.receivedAsset = normalizeAsset(quote!);
    draft.receivedAmount = cost;
  }
  const feeAmount = text(client, trade.fee?.cost);
  if (feeAmount && trade.fee?.currency) {
    draft.feeAsset = normalizeAsset(trade.fee.currency);
    draft.feeAmount = feeAmount;
  }
  if (!draft.sentAmount || !draft.receivedAmount) throw new MalformedResponseError(`trade ${trade.id} has no amount or cost`);
  return draft;
}

export function transferDraft(client: ExchangeClient, transfer: CcxtTransfer, kind: 'deposit' | 'withdrawal'): Draft | null {
  if (transfer.status === 'failed' || transfer.status === 'canceled') return null;
  if (typeof transfer.timestamp !== 'number' || !transfer.currency || transfer.id === undefined) {
    throw new MalformedResponseError(`a ${kind} without a time, currency or id`);
  }
  const amount = text(client, transfer.amount);
  if (!amount) return null;
  const draft = emptyDraft(transfer.timestamp, kind, `${kind}:${transfer.id}`, transfer.info);
  const asset = normalizeAsset(transfer.currency);
  if (kind === 'deposit') {
    draft.receivedAsset = asset;
    draft.receivedAmount = amount;
  } else {
    draft.sentAsset = asset;
    draft.sentAmount = amount;
  }
  const fee = text(client, transfer.fee?.cost);
  if (fee && transfer.fee?.currency) {
    draft.feeAsset = normalizeAsset(transfer.fee.currency);
    draft.feeAmount = fee;
  }
  draft.txHash = transfer.txid ?? null;
  draft.label = transfer.status === 'pending' ? `${kind} (pending)` : kind;
  return draft;
}
