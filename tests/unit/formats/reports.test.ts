// The reports: income with its total, year-end holdings with their lots, and the audit trail
// from each Form 8949 row back to the imported records.
import { describe, expect, it } from 'vitest';
import { auditTrail } from '../../../shared/formats/audit-trail.ts';
import { holdingsReport } from '../../../shared/formats/holdings-report.ts';
import { incomeReport } from '../../../shared/formats/income-report.ts';
import { roundedTotals } from '../../../shared/formats/rounded-totals.ts';
import { Decimal, toCents } from '../../../shared/money.ts';
import type { HeldLot, IncomeEvent } from '../../../shared/tax/types.ts';
import { BINANCE, COINBASE, FORMULA_ACCOUNT, LEDGER, exportInput, sixDisposals, taxYearResult, transaction } from './export-fixtures.ts';

function income(type: IncomeEvent['type'], quantity: string, asset: string, value: string, date: string, accountId: number, transactionId: number, missingPrice = false): IncomeEvent {
  return {
    type,
    asset,
    quantity: new Decimal(quantity),
    fairMarketValue: new Decimal(value),
    date,
    at: Date.parse(`${date}T12:00:00Z`),
    accountId,
    transactionId,
    lotId: String(transactionId),
    missingPrice,
  };
}

function lot(lotId: string, accountId: number, acquiredDate: string, quantity: string, costBasis: string, missingBasis = false): HeldLot {
  return {
    lotId,
    accountId,
    quantity: new Decimal(quantity),
    costBasis: new Decimal(costBasis),
    acquiredDate,
    acquiredAt: Date.parse(`${acquiredDate}T12:00:00Z`),
    acquisitionTransactionId: missingBasis ? null : Number(lotId),
    missingPrice: false,
    missingBasis,
  };
}

describe('income', () => {
  // 10.505 → 10.51, 5.004 → 5.00, 0 (price missing): total 15.51.
  const result = taxYearResult(2024, {
    income: [
      income('staking', '0.005', 'ETH', '10.505', '2024-07-04', COINBASE, 6),
      income('reward', '5', 'USDC', '5.004', '2024-09-01', FORMULA_ACCOUNT, 10),
      income('mining', '0.001', 'BTC', '0', '2024-10-01', COINBASE, 20, true),
    ],
  });

  it('writes a row per receipt and a total of the rows as written', () => {
    const files = incomeReport.write(exportInput(result));
    expect(files.map((f) => f.name)).toEqual(['income-2024.csv']);
    expect(files[0]!.text).toBe(
      [
        'Date,Asset,Quantity,Fair market value,Type,Account,Transaction,Note',
        '07/04/2024,ETH,0.005,10.51,Staking,Coinbase,6,',
        "09/01/2024,USDC,5,5.00,Reward,'=SUM(A1:A2),10,",
        '10/01/2024,BTC,0.001,0.00,Mining,Coinbase,20,A price is missing: value counted as 0',
        'Total,,,15.51,,,,',
        '',
      ].join('\n'),
    );
    expect(toCents(roundedTotals(result).income)).toBe('15.51');
  });

  it('writes a zero total for a year without income', () => {
    expect(incomeReport.write(exportInput(taxYearResult(2024, {})))[0]!.text).toBe('Date,Asset,Quantity,Fair market value,Type,Account,Transaction,Note\nTotal,,,0.00,,,,\n');
  });
});

describe('holdings', () => {
  it('writes each pool with a total of its lots as written, then the lots oldest first', () => {
    const result = taxYearResult(2024, {
      holdings: [
        {
          asset: 'BTC',
          accountId: null,
          quantity: new Decimal('1.5'),
          costBasis: new Decimal('45022.505'),
          lots: [lot('7', LEDGER, '2023-05-05', '0.5', '15007.5025'), lot('1', COINBASE, '2024-02-01', '1', '30015.0025')],
        },
        {
          asset: '+ETH',
          accountId: LEDGER,
          quantity: new Decimal('2'),
          costBasis: new Decimal('0'),
          lots: [lot('shortfall:9', LEDGER, '2024-07-01', '2', '0', true)],
        },
      ],
    });
    const files = holdingsReport.write(exportInput(result));
    expect(files.map((f) => f.name)).toEqual(['holdings-2024.csv']);
    // The BTC total is 15007.50 + 30015.00 = 45022.50 (the exact 45022.505 would round to .51).
    expect(files[0]!.text).toBe(
      [
        'Asset,Pool,Row,Lot,Account,Date acquired,Quantity,Cost basis,Note',
        'BTC,All accounts,Total,,,,1.5,45022.50,',
        'BTC,All accounts,Lot,7,Ledger wallet,05/05/2023,0.5,15007.50,',
        'BTC,All accounts,Lot,1,Coinbase,02/01/2024,1,30015.00,',
        "'+ETH,Ledger wallet,Total,,,,2,0.00,",
        "'+ETH,Ledger wallet,Lot,shortfall:9,Ledger wallet,07/01/2024,2,0.00,No record of acquiring these units: cost basis counted as 0",
        '',
      ].join('\n'),
    );
  });

  it('writes the header alone when nothing is held', () => {
    expect(holdingsReport.write(exportInput(taxYearResult(2024, {})))[0]!.text).toBe('Asset,Pool,Row,Lot,Account,Date acquired,Quantity,Cost basis,Note\n');
  });
});

describe('audit', () => {
  const transactions = [
    transaction({ id: 1, at: '2024-01-10', type: 'trade', account: COINBASE, externalId: 'cb-001', batchId: 1 }),
    transaction({ id: 2, at: '2022-05-01', type: 'trade', account: LEDGER, source: 'api', externalId: 'bn-77', batchId: 2 }),
    transaction({ id: 3, at: '2024-03-05', type: 'trade', account: COINBASE, externalId: 'cb-002', batchId: 1 }),
    transaction({ id: 4, at: '2024-04-01', type: 'trade', account: LEDGER, externalId: 'led,ger-4', batchId: 3 }),
    transaction({ id: 5, at: '2024-06-30', type: 'realized-gain', account: BINANCE, externalId: 'r-5', batchId: 4 }),
    transaction({ id: 6, at: '2024-07-01', type: 'trade', account: LEDGER, source: 'api', externalId: 't-6', batchId: 2 }),
    transaction({ id: 7, at: '2024-12-31', type: 'trade', account: COINBASE, externalId: 'cb-7', batchId: 1 }),
    transaction({ id: 8, at: '2021-01-01', type: 'trade', account: COINBASE, source: 'manual', externalId: '=1+2', batchId: null }),
  ];

  it('links every Form 8949 row to its transactions and the records they were imported from', () => {
    const files = auditTrail.write(exportInput(taxYearResult(2024, { disposals: sixDisposals(2024) }), transactions));
    expect(files.map((f) => f.name)).toEqual(['audit-trail-2024.csv']);
    expect(files[0]!.text).toBe(
      [
        'Asset,Quantity,Date acquired,Date sold,Proceeds,Cost basis,Gain or (loss),Term,Form 8949 box,Kind,Lot,Account,' +
          'Disposal transaction,Disposal source,Disposal external id,Disposal import batch,' +
          'Acquisition transaction,Acquisition account,Acquisition source,Acquisition external id,Acquisition import batch,Note',
        'BTC,0.5,01/10/2024,03/05/2024,30000.01,20000.00,10000.01,Short,C,sale,1,Coinbase,3,csv,cb-002,1,1,Coinbase,csv,cb-001,1,',
        'ETH,2,05/01/2022,04/01/2024,6000.00,7500.56,-1500.56,Long,F,sale,2,Ledger wallet,4,csv,"led,ger-4",3,2,Ledger wallet,api,bn-77,2,',
        'BTC,0.0001,01/10/2024,03/05/2024,6.00,4.00,2.00,Short,C,fee,1,Coinbase,3,csv,cb-002,1,1,Coinbase,csv,cb-001,1,',
        'USD,250,06/30/2024,06/30/2024,250.00,0.00,250.00,Short,C,realized-gain,,Binance,5,csv,r-5,4,,,,,,',
        "'=cmd|' /C calc'!A0,1.25,07/01/2024,07/01/2024,100.00,0.00,100.00,Short,C,trade,shortfall:6,Ledger wallet,6,api,t-6,2,,,,,," +
          'No record of acquiring these units: cost basis counted as 0',
        "SOL,1,01/01/2021,12/31/2024,0.00,50.00,-50.00,Long,F,sale,8,Coinbase,7,csv,cb-7,1,8,Coinbase,manual,'=1+2,," +
          'A price is missing: proceeds or cost basis counted as 0',
        '',
      ].join('\n'),
    );
  });
});
