// CoinTracker's CSV import format: one row per transaction, all eight columns required in
// any order, dates `MM/DD/YYYY HH:MM:SS` in UTC (the time may be left out), no negative
// amounts. A row with only Received is a receive, only Sent a send, both a trade.
//
// Fees. CoinTracker's rules for its CSV: "Send/withdrawal transactions: Sent Quantity
// should include fees; Receive/deposit transactions: Received Quantity should NOT include
// fees" (its "Convert any CSV into the CoinTracker CSV format", community.cointracker.io,
// as quoted in bryanlabs/cosmos-tax-cli issue #232). So a send whose fee is in the asset
// sent moved Sent Quantity − Fee Amount, and paid the fee on top: that is what is
// recorded (a send of 3.0001 ETH with a 0.0001 ETH fee sends 3 ETH and pays 0.0001 ETH).
// A send of nothing but its fee is a fee; a Fee Amount above the Sent Quantity is an
// error. The rules say nothing of trades, so a trade's quantities are read as written,
// its fee apart.
//
// Tags (Tag column, case-insensitive; empty for trades and transfers):
//   receive  staked, staking → staking   mined, mining → mining   airdrop   fork
//            payment (received for goods or services), income, other income → income
//            interest → interest   rebate (cash back) → reward
//   send     gift → gift-sent   donation   lost
//            margin fee, interest expense → expense
//   either   gift on a receive-only row → gift-received
//            margin gain, margin loss, margin rebate → realized-gain
//            wrap → swap (native coin for its wrapped token; CoinTracker does not tax it)
//            stake, unstake, margin, borrow, loan repayment → by the legs (trade, deposit,
//            withdrawal): these say where the coins went, not a tax treatment of their own
// Sources: the original tag set (gift, lost, donation on sends; fork, airdrop, mined,
// payment, staked on receives; "trades and transfers cannot have tags") from CoinTracker's
// "Converting transaction history CSVs to the CoinTracker CSV format" as reproduced in
// open-source CSV writers (staketaxcsv) and validators; the newer tags (staking, stake,
// unstake, margin, margin fee, margin gain, margin loss, margin rebate) from CoinTracker's
// "Transaction category definitions"; interest, other income, rebate, wrap, borrow, loan
// repayment and interest expense are that page's category names, lower-cased as its CSV
// tags are. Any other tag is reported, never guessed.
import { parseDecimal, toDecimalText } from '../../../../shared/money.ts';
import type { TransactionType } from '../../../../shared/transaction.ts';
import type { CsvFormat } from '../csv-format.ts';
import { parseUsDateTime } from '../dates.ts';
import { buildDraft } from '../draft.ts';
import { missingColumns } from '../header.ts';
import { RowFields } from '../row-fields.ts';
import { COINTRACKER_HEADER } from '../../../../shared/formats/tool-headers.ts';

export const COINTRACKER_COLUMNS = COINTRACKER_HEADER;

/** A tag's type; null = the legs decide; 'gift' = sent or received by the legs. */
export const COINTRACKER_TAGS: Readonly<Record<string, TransactionType | 'gift' | null>> = {
  staked: 'staking',
  staking: 'staking',
  mined: 'mining',
  mining: 'mining',
  airdrop: 'airdrop',
  fork: 'fork',
  payment: 'income',
  income: 'income',
  'other income': 'income',
  interest: 'interest',
  rebate: 'reward',
  gift: 'gift',
  donation: 'donation',
  lost: 'lost',
  'margin fee': 'expense',
  'interest expense': 'expense',
  'margin gain': 'realized-gain',
  'margin loss': 'realized-gain',
  'margin rebate': 'realized-gain',
  wrap: 'swap',
  stake: null,
  unstake: null,
  margin: null,
  borrow: null,
  'loan repayment': null,
};

export const cointracker: CsvFormat = {
  id: 'cointracker',
  title: 'CoinTracker CSV',
  origin: "CoinTracker's CSV import template, or a file written for it",
  describeHeader: COINTRACKER_COLUMNS.join(', '),
  columns: { required: COINTRACKER_COLUMNS, optional: [] },

  matchesHeader(header) {
    return missingColumns(header, COINTRACKER_COLUMNS).length === 0;
  },

  createReader(_header, sink) {
    return {
      row(row) {
        const fields = new RowFields(row, sink);
        const timestamp = fields.date('Date', parseUsDateTime, 'MM/DD/YYYY HH:MM:SS in UTC');
        const received = fields.leg('Received Quantity', 'Received Currency');
        let sent = fields.leg('Sent Quantity', 'Sent Currency');
        const fee = fields.leg('Fee Amount', 'Fee Currency');
        if (sent !== null && received === null && fee !== null && fee.asset === sent.asset) {
          // A send's quantity includes its fee (see the header).
          const moved = parseDecimal(sent.amount)!.minus(fee.amount);
          if (moved.lt(0)) {
            fields.fail('Fee Amount', 'the fee is more than the Sent Quantity, which on a send includes the fee (CoinTracker’s rule)');
          }
          sent = moved.gt(0) ? { asset: sent.asset, amount: toDecimalText(moved) } : null;
        }
        const tag = fields.optionalText('Tag');
        let type: TransactionType | null = null;
        if (tag !== null) {
          const key = tag.toLowerCase();
          if (!Object.hasOwn(COINTRACKER_TAGS, key)) {
            fields.fail('Tag', `not a CoinTracker tag; use one of: ${Object.keys(COINTRACKER_TAGS).join(', ')}, or none`);
          } else {
            const mapped = COINTRACKER_TAGS[key]!;
            type = mapped === 'gift' ? (received && !sent ? 'gift-received' : 'gift-sent') : mapped;
          }
        }
        if (fields.failed || timestamp === null) return;
        const draft = buildDraft(fields, { timestamp, type, sent, received, fee, label: tag, raw: row.record() }, 'Tag');
        if (draft) sink.transaction(draft);
      },
      finish() {},
    };
  },
};
