// Holdings over time: a small line chart per asset, in units held, each on its own scale
// (a BTC balance and a USDC balance share no useful axis). Dollar values are never
// charted (a line of values mixes price moves into what was held, and months without a
// price would break it): core gives one only where it knows the price at that month end,
// shown as the year-end caption of a chart and in the table. Each chart is an image named
// by what it shows and its first, last and highest quantity; all the figures follow in
// one screen-reader table.
import { useId } from 'react';
import type { TaxChartsView } from '../../../../shared/api.ts';
import { Decimal, ZERO } from '../../../../shared/money.ts';
import { axisFor, maxOf, minOf, readableTicks, yScale } from './chart-scale.ts';
import { formatAmount, formatMoney } from '../../format.ts';
import { formatTaxDate } from './figures.ts';

const WIDTH = 300;
const HEIGHT = 130;
const LEFT = 64;
const RIGHT = 8;
const TOP = 22;
const BOTTOM = 108;

type Holding = TaxChartsView['holdings'][number];

interface AssetSeries {
  asset: string;
  points: { date: string; quantity: string; value: string | null }[];
}

function seriesOf(holdings: Holding[]): AssetSeries[] {
  const byAsset = new Map<string, Holding[]>();
  for (const holding of holdings) {
    const list = byAsset.get(holding.asset) ?? [];
    list.push(holding);
    byAsset.set(holding.asset, list);
  }
  return [...byAsset.entries()].map(([asset, list]) => ({
    asset,
    points: [...list].sort((a, b) => a.date.localeCompare(b.date)).map(({ date, quantity, value }) => ({ date, quantity, value })),
  }));
}

function figure(series: AssetSeries, quantity: string): string {
  return `${formatAmount(quantity)} ${series.asset}`;
}

function AssetChart({ year, series }: { year: number; series: AssetSeries }) {
  const titleId = useId();
  const descId = useId();
  const amounts = series.points.map((p) => new Decimal(p.quantity));
  const axis = axisFor(minOf(amounts), maxOf(amounts));
  const y = yScale(axis, TOP, BOTTOM);
  const step = (WIDTH - LEFT - RIGHT) / Math.max(series.points.length - 1, 1);
  const xs = series.points.map((_, index) => LEFT + index * step);
  const line = series.points.map((p, index) => `${index === 0 ? 'M' : 'L'}${xs[index]},${y(p.quantity)}`).join(' ');
  const area = series.points.length > 0 ? `${line} L${xs[xs.length - 1]},${y(ZERO)} L${LEFT},${y(ZERO)} Z` : '';
  const first = series.points[0];
  const last = series.points[series.points.length - 1];
  const highest = series.points.reduce<AssetSeries['points'][number] | null>((top, p) => (top === null || new Decimal(p.quantity).gt(top.quantity) ? p : top), null);
  const yearEndValue = last?.value ?? null;
  const worth = last && yearEndValue !== null ? `worth ${formatMoney(yearEndValue)} on ${formatTaxDate(last.date)}` : null;
  const summary =
    first && last && highest
      ? `${figure(series, first.quantity)} on ${formatTaxDate(first.date)}, ${figure(series, last.quantity)} on ${formatTaxDate(last.date)}${worth ? `, ${worth}` : ''}; highest ${figure(series, highest.quantity)} on ${formatTaxDate(highest.date)}.`
      : `No ${series.asset} held in ${year}.`;

  return (
    <li className="tax-year-holding">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="tax-year-chart-svg">
        <title id={titleId}>{`${series.asset}, units held, month by month in ${year}`}</title>
        <desc id={descId}>{summary}</desc>
        <text x={LEFT} y={10} className="tax-year-chart-label tax-year-chart-asset">
          {series.asset} (units)
        </text>
        {yearEndValue !== null && (
          <text x={WIDTH - RIGHT} y={10} textAnchor="end" className="tax-year-chart-label">
            {formatMoney(yearEndValue)} at year end
          </text>
        )}
        {readableTicks(axis.ticks, y).map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} className={tick === '0' ? 'tax-year-chart-zero' : 'tax-year-chart-grid'} />
            <text x={LEFT - 4} y={y(tick)} dy="0.32em" textAnchor="end" className="tax-year-chart-label">
              {formatAmount(tick)}
            </text>
          </g>
        ))}
        {area !== '' && <path d={area} className="tax-year-holding-area" />}
        {line !== '' && <path d={line} className="tax-year-holding-line" />}
        {first && (
          <text x={LEFT} y={HEIGHT - 4} className="tax-year-chart-label">
            {formatTaxDate(first.date)}
          </text>
        )}
        {last && series.points.length > 1 && (
          <text x={WIDTH - RIGHT} y={HEIGHT - 4} textAnchor="end" className="tax-year-chart-label">
            {formatTaxDate(last.date)}
          </text>
        )}
      </svg>
    </li>
  );
}

export function HoldingsChart({ year, holdings }: { year: number; holdings: TaxChartsView['holdings'] }) {
  const all = seriesOf(holdings);
  if (all.length === 0) return <p className="muted">Nothing was held during {year}.</p>;
  // By name: quantities of different assets do not compare, and values are known only for some.
  const ordered = [...all].sort((a, b) => a.asset.localeCompare(b.asset));
  return (
    <>
      <ul className="tax-year-holdings" aria-label={`Holdings over time, ${year}`}>
        {ordered.map((series) => (
          <AssetChart key={series.asset} year={year} series={series} />
        ))}
      </ul>
      <table className="tax-year-sr-only">
        <caption>Holdings at each month end, {year}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Asset</th>
            <th scope="col">Quantity</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {holdings.map((h) => (
            <tr key={`${h.date}-${h.asset}`}>
              <th scope="row">{formatTaxDate(h.date)}</th>
              <td>{h.asset}</td>
              <td className="number">{formatAmount(h.quantity)}</td>
              <td className="number">{h.value === null ? 'No month-end price' : formatMoney(h.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
