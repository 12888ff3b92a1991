// `lotwise prices`: values for transactions that carry none, and where each came from.
import { normalizeAsset } from '../../../shared/assets.ts';
import { parseDecimal, toDecimalText } from '../../../shared/money.ts';
import { parseIsoDateTime } from '../../core/importers/dates.ts';
import { DB_OPTION, ledgerPath, parseCommandArgs, UsageError, withLedger, type Command } from '../command.ts';

export const pricesCommand: Command = {
  help: `Usage: lotwise prices fill [--year YYYY] [--source EXCHANGE]... [--granularity 1d|1h|1m] [--api-url URL] [--offline] [--db PATH]
       lotwise prices set ASSET DATETIME PRICE [--db PATH]
       lotwise prices report --year YYYY [--db PATH] [--json]

fill    finds a US-dollar value for every transaction that has none of its own (crypto-to-
        crypto trades, income and fees without a value), pricing what was received, or for
        a trade what was given when that has no price: from prices you set, stablecoin
        pegs (checked against market data), and daily candles from exchanges' public market
        data (default: binance, then kraken; --source, repeated, sets the list and order),
        through BTC or ETH when an asset has no dollar market. Candles are cached in the
        ledger: a second run asks nothing, and --offline uses only the cache.
set     your own price for ASSET around DATETIME (ISO 8601, e.g. 2024-03-01T12:00Z); it
        wins over every other source for that asset within a day. Run fill again after.
report  how many of the year's events are valued by each source, and every event with
        no price (each is a warning in \`lotwise summary\`, never a zero).

Options:
  --api-url URL    send the price exchanges' requests to URL/<exchange host>/... (the fake
                   exchanges of the tests, a proxy you run)
  --db PATH        the ledger file (default: the desktop app's ledger, or $LOTWISE_DB)`,

  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...DB_OPTION,
        year: { type: 'string' },
        source: { type: 'string', multiple: true },
        granularity: { type: 'string' },
        'api-url': { type: 'string' },
        offline: { type: 'boolean' },
        'no-rate-limit': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      4,
    );
    const [action, ...rest] = positionals;
    const year = values.year === undefined ? undefined : Number(values.year);
    if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError(`--year must be a year like 2024, not "${values.year}".`);
    const path = ledgerPath(values.db);

    if (action === 'set') {
      const [assetText, dateText, priceText] = rest;
      if (!assetText || !dateText || !priceText) throw new UsageError('give ASSET DATETIME PRICE, e.g. `lotwise prices set SOL 2024-03-01T12:00Z 131.20`.');
      const time = parseIsoDateTime(dateText);
      if (time === null) throw new UsageError(`"${dateText}" is not a date and time; write it like 2024-03-01T12:00Z.`);
      const price = parseDecimal(priceText);
      if (price === null || price.isNegative()) throw new UsageError(`"${priceText}" is not a price.`);
      const { setManualPrice } = await import('../../core/prices/price-report.ts');
      return withLedger(path, true, (db) => {
        setManualPrice(db, { asset: normalizeAsset(assetText), time, price: toDecimalText(price) });
        console.log(`Saved: ${normalizeAsset(assetText)} = ${toDecimalText(price)} USD at ${new Date(time).toISOString()}. Run \`lotwise prices fill\` to use it.`);
        return 0;
      });
    }

    if (action === 'report') {
      if (year === undefined) throw new UsageError('--year YYYY is required.');
      const { priceReport } = await import('../../core/prices/price-report.ts');
      return withLedger(path, true, (db) => {
        const report = priceReport(db, year);
        if (values.json) {
          console.log(JSON.stringify(report));
          return 0;
        }
        console.log(`Values of ${year}'s events, by source:`);
        for (const [source, n] of Object.entries(report.bySource).sort()) console.log(`  ${source.padEnd(20)} ${n}`);
        console.log(`  ${'no price'.padEnd(20)} ${report.missing.length}`);
        for (const m of report.missing) {
          console.log(`  - transaction ${m.transactionId}: ${m.type} of ${m.amount} ${m.asset} in ${m.account} on ${new Date(m.timestamp).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
        }
        if (report.missing.length > 0) console.log('Set a price with `lotwise prices set ASSET DATETIME PRICE`, or add a price source.');
        return 0;
      });
    }

    if (action !== 'fill') throw new UsageError('say fill, set or report.');
    const granularity = values.granularity ?? '1d';
    const { isGranularity } = await import('../../core/prices/price-sources.ts');
    if (!isGranularity(granularity)) throw new UsageError('--granularity must be 1d, 1h or 1m.');
    const { fillPrices, PriceFetchError } = await import('../../core/prices/fill-prices.ts');
    const tty = process.stderr.isTTY;
    return withLedger(path, true, async (db) => {
      let outcome: Awaited<ReturnType<typeof fillPrices>>;
      try {
        outcome = await fillPrices(db, {
          year,
          exchanges: values.source,
          granularity,
          apiUrl: values['api-url'] ?? null,
          offline: values.offline,
          rateLimit: !values['no-rate-limit'],
          onProgress: (p) => {
            const line = `Pricing ${p.asset} (${p.assetsDone}/${p.assets} assets, ${p.requests} requests)`;
            if (tty) process.stderr.write(`\r\x1b[K${line}`);
            else if (p.assetsDone === p.assets || p.assetsDone % 10 === 0) process.stderr.write(`${line}\n`);
          },
        });
      } catch (error) {
        if (!(error instanceof PriceFetchError)) throw error;
        if (tty) process.stderr.write('\r\x1b[K');
        console.error(
          `lotwise prices fill: prices could not be fetched (${error.message}). ` +
            `The values found so far are kept (${error.valued} event${error.valued === 1 ? '' : 's'} valued). ` +
            'Run `lotwise prices fill` again once the exchange can be reached, or add --offline to use only the prices Lotwise already has.',
        );
        return 1;
      }
      if (tty) process.stderr.write('\r\x1b[K');
      console.log(`${outcome.needed} events needed a value: ${outcome.valued} valued, ${outcome.missing.length} without a price; ${outcome.requests} requests.`);
      for (const [source, n] of Object.entries(outcome.bySource).sort()) console.log(`  ${source.padEnd(20)} ${n}`);
      if (outcome.byGiven > 0) {
        console.log(`${outcome.byGiven} of them by what was given for ${outcome.byGiven === 1 ? 'it' : 'them'}, as what was received has no price.`);
      }
      if (outcome.missing.length > 0) console.log('See them with `lotwise prices report --year YYYY`.');
      return 0;
    });
  },
};
