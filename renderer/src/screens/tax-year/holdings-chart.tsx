// Holdings over time: a small line chart per asset, each on its own scale (a BTC balance
// and a USDC balance share no useful axis), in US dollars when every month of the asset
// has a value, else in units. Each chart is an image named by what it shows and its first,
// last and highest figure; all the figures follow in one screen-reader table.
import { useId } from 'react';
import type { TaxChartsView } from '../../../../shared/api.ts';
import { Decimal, ZERO } from '../../../../shared/money.ts';
import { axisFor, maxOf, readableTicks, yScale } from './chart-scale.ts';
import { formatAmount, formatMoney } from '../../format.ts';
import { formatAxisMoney, formatTaxDate } from './figures.ts';

const WIDTH = 300;
const HEIGHT = 130;
const LEFT = 64;
const RIGHT = 8;
const TOP = 22;
const BOTTOM = 108;

type Holding = TaxChartsView['holdings'][number];

interface AssetSeries {
  asset: string;
  inDollars: boolean;
  points: { date: string; amount: Decimal; text: string }[];
}

function seriesOf(holdings: Holding[]): AssetSeries[] {
  const byAsset = new Map<string, Holding[]>();
  for (const holding of holdings) {
    const list = byAsset.get(holding.asset) ?? [];
    list.push(holding);
    byAsset.set(holding.asset, list);
  }
  return [...byAsset.entries()].map(([asset, list]) => {
    const sorted = [...list].sort((a, b) => a.date.localeCompare(b.date));
    const inDollars = sorted.every((h) => h.value !== null);
    return {
      asset,
      inDollars,
      points: sorted.map((h) => {
        const text = inDollars && h.value !== null ? h.value : h.quantity;
        return { date: h.date, amount: new Decimal(text), text };
      }),
    };
  });
}

function figure(series: AssetSeries, text: string): string {
  return series.inDollars ? formatMoney(text) : `${formatAmount(text)} ${series.asset}`;
}

function AssetChart({ year, series }: { year: number; series: AssetSeries }) {
  const titleId = useId();
  const descId = useId();
  const axis = axisFor(ZERO, maxOf(series.points.map((p) => p.amount)));
  const y = yScale(axis, TOP, BOTTOM);
  const step = (WIDTH - LEFT - RIGHT) / Math.max(series.points.length - 1, 1);
  const xs = series.points.map((_, index) => LEFT + index * step);
  const line = series.points.map((p, index) => `${index === 0 ? 'M' : 'L'}${xs[index]},${y(p.amount)}`).join(' ');
  const area = series.points.length > 0 ? `${line} L${xs[xs.length - 1]},${y(ZERO)} L${LEFT},${y(ZERO)} Z` : '';
  const first = series.points[0];
  const last = series.points[series.points.length - 1];
  const highest = series.points.reduce<AssetSeries['points'][number] | null>((top, p) => (top === null || p.amount.gt(top.amount) ? p : top), null);
  const unit = series.inDollars ? 'value in US dollars' : 'units held';
  const summary =
    first && last && highest
      ? `${figure(series, first.text)} on ${formatTaxDate(first.date)}, ${figure(series, last.text)} on ${formatTaxDate(last.date)}; highest ${figure(series, highest.text)} on ${formatTaxDate(highest.date)}.`
      : `No ${series.asset} held in ${year}.`;

  return (
    <li className="tax-year-holding">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="tax-year-chart-svg">
        <title id={titleId}>{`${series.asset}, ${unit}, month by month in ${year}`}</title>
        <desc id={descId}>{summary}</desc>
        <text x={LEFT} y={10} className="tax-year-chart-label tax-year-chart-asset">
          {series.asset} {series.inDollars ? '(USD)' : '(units)'}
        </text>
        {readableTicks(axis.ticks, y).map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} className={tick === '0' ? 'tax-year-chart-zero' : 'tax-year-chart-grid'} />
            <text x={LEFT - 4} y={y(tick)} dy="0.32em" textAnchor="end" className="tax-year-chart-label">
              {series.inDollars ? formatAxisMoney(tick) : formatAmount(tick)}
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
  // Valued holdings first, largest at the year's end first; then the rest by name.
  const lastOf = (series: AssetSeries) => series.points[series.points.length - 1]?.amount ?? ZERO;
  const ordered = [...all].sort((a, b) => {
    if (a.inDollars !== b.inDollars) return a.inDollars ? -1 : 1;
    return a.inDollars ? lastOf(b).comparedTo(lastOf(a)) : a.asset.localeCompare(b.asset);
  });
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
              <td className="number">{h.value === null ? 'No price' : formatMoney(h.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
