// Realized gain by month: one bar per month, short-term stacked under long-term, gains
// above the axis and losses below it. The chart is an image to assistive technology,
// named by its title and description, and the same figures follow as a table that only
// screen readers see.
import { useId } from 'react';
import type { TaxChartsView } from '../../../../shared/api.ts';
import { Decimal, toDecimalText, ZERO } from '../../../../shared/money.ts';
import { axisFor, maxOf, minOf, readableTicks, yScale } from './chart-scale.ts';
import { formatMoney } from '../../format.ts';
import { formatAxisMoney, formatMonth } from './figures.ts';

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 76;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 232;

interface MonthBar {
  month: string;
  shortTerm: Decimal;
  longTerm: Decimal;
}

/** Each part of the stack, from the axis outwards: gains up, losses down. */
function segments(bar: MonthBar) {
  const parts: { term: 'short' | 'long'; from: Decimal; to: Decimal; amount: Decimal }[] = [];
  let up: Decimal = ZERO;
  let down: Decimal = ZERO;
  for (const [term, amount] of [
    ['short', bar.shortTerm],
    ['long', bar.longTerm],
  ] as const) {
    if (amount.isZero()) continue;
    if (amount.gt(0)) {
      parts.push({ term, from: up, to: up.plus(amount), amount });
      up = up.plus(amount);
    } else {
      parts.push({ term, from: down, to: down.plus(amount), amount });
      down = down.plus(amount);
    }
  }
  return parts;
}

export function GainByMonthChart({ year, months }: { year: number; months: TaxChartsView['gainByMonth'] }) {
  const titleId = useId();
  const descId = useId();
  const bars: MonthBar[] = months.map((m) => ({ month: m.month, shortTerm: new Decimal(m.shortTerm), longTerm: new Decimal(m.longTerm) }));
  const highs = bars.map((b) => Decimal.max(b.shortTerm, 0).plus(Decimal.max(b.longTerm, 0)));
  const lows = bars.map((b) => Decimal.min(b.shortTerm, 0).plus(Decimal.min(b.longTerm, 0)));
  const axis = axisFor(minOf(lows), maxOf(highs));
  const y = yScale(axis, TOP, BOTTOM);
  const band = (WIDTH - LEFT - RIGHT) / Math.max(bars.length, 1);
  const barWidth = band * 0.6;
  const total = bars.reduce((sum, b) => sum.plus(b.shortTerm).plus(b.longTerm), ZERO);
  const empty = bars.every((b) => b.shortTerm.isZero() && b.longTerm.isZero());

  return (
    <figure className="tax-year-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="tax-year-chart-svg">
        <title id={titleId}>Realized gain by month, {year}</title>
        <desc id={descId}>
          {empty
            ? `No gains or losses were realized in ${year}.`
            : `Short-term and long-term gain stacked for each month, losses below the axis. ${year} total: ${formatMoney(toDecimalText(total))}. The figures follow in a table.`}
        </desc>
        {readableTicks(axis.ticks, y).map((tick) => (
          <g key={tick} className="tax-year-chart-tick">
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} className={tick === '0' ? 'tax-year-chart-zero' : 'tax-year-chart-grid'} />
            <text x={LEFT - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="tax-year-chart-label">
              {formatAxisMoney(tick)}
            </text>
          </g>
        ))}
        {bars.map((bar, index) => {
          const x = LEFT + index * band + (band - barWidth) / 2;
          return (
            <g key={bar.month}>
              {segments(bar).map((part) => {
                const top = Math.min(y(part.from), y(part.to));
                const height = Math.abs(y(part.to) - y(part.from));
                return (
                  <rect key={part.term} x={x} y={top} width={barWidth} height={Math.max(height, 1)} className={`tax-year-bar-${part.term}`}>
                    <title>{`${formatMonth(bar.month)}, ${part.term}-term: ${formatMoney(toDecimalText(part.amount))}`}</title>
                  </rect>
                );
              })}
              <text x={LEFT + index * band + band / 2} y={HEIGHT - 8} textAnchor="middle" className="tax-year-chart-label">
                {formatMonth(bar.month, 'short')}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="tax-year-legend">
        <span className="tax-year-swatch tax-year-swatch-short" aria-hidden="true" /> Short-term
        <span className="tax-year-swatch tax-year-swatch-long" aria-hidden="true" /> Long-term
      </p>
      <table className="tax-year-sr-only">
        <caption>Realized gain by month, {year}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Short-term gain</th>
            <th scope="col">Long-term gain</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{formatMonth(m.month)}</th>
              <td className="number">{formatMoney(m.shortTerm)}</td>
              <td className="number">{formatMoney(m.longTerm)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
