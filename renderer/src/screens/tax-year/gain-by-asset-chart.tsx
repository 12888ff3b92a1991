// Gain by asset: one horizontal bar per asset from a zero line, gains to the right and
// losses to the left, each labelled with its exact figure. Named by its title and
// description for assistive technology, with the figures in a screen-reader table.
import { useId } from 'react';
import type { TaxChartsView } from '../../../../shared/api.ts';
import { Decimal, toDecimalText, ZERO } from '../../../../shared/money.ts';
import { axisFor, maxOf, minOf, xScale } from './chart-scale.ts';
import { formatMoney } from '../../format.ts';

const WIDTH = 640;
const ROW = 30;
const LABEL = 80;
/** Room either side of the bars for the figure printed at a bar's end. */
const FIGURE_ROOM = 100;
const PAD = 8;

export function GainByAssetChart({ year, assets }: { year: number; assets: TaxChartsView['gainByAsset'] }) {
  const titleId = useId();
  const descId = useId();
  const rows = assets.map((a) => ({ ...a, amount: new Decimal(a.gain) }));
  const height = PAD * 2 + Math.max(rows.length, 1) * ROW;
  const axis = axisFor(minOf(rows.map((r) => r.amount)), maxOf(rows.map((r) => r.amount)));
  const x = xScale(axis, LABEL + FIGURE_ROOM, WIDTH - FIGURE_ROOM);
  const zero = x(ZERO);
  const best = rows.reduce<(typeof rows)[number] | null>((top, r) => (top === null || r.amount.gt(top.amount) ? r : top), null);
  const worst = rows.reduce<(typeof rows)[number] | null>((low, r) => (low === null || r.amount.lt(low.amount) ? r : low), null);
  const summary =
    rows.length === 0 || best === null || worst === null
      ? `No asset was disposed of in ${year}.`
      : `Gain or loss for each of ${rows.length} assets. Largest gain: ${best.asset}, ${formatMoney(toDecimalText(best.amount))}; lowest: ${worst.asset}, ${formatMoney(toDecimalText(worst.amount))}. The figures follow in a table.`;

  return (
    <figure className="tax-year-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="tax-year-chart-svg">
        <title id={titleId}>Gain by asset, {year}</title>
        <desc id={descId}>{summary}</desc>
        <line x1={zero} x2={zero} y1={PAD / 2} y2={height - PAD / 2} className="tax-year-chart-zero" />
        {rows.map((row, index) => {
          const y = PAD + index * ROW;
          const end = x(row.amount);
          const gain = !row.amount.isNegative();
          return (
            <g key={row.asset}>
              <text x={LABEL - 6} y={y + ROW / 2} dy="0.32em" textAnchor="end" className="tax-year-chart-label tax-year-chart-asset">
                {row.asset}
              </text>
              <rect
                x={Math.min(zero, end)}
                y={y + 5}
                width={Math.max(Math.abs(end - zero), 1)}
                height={ROW - 10}
                className={gain ? 'tax-year-bar-gain' : 'tax-year-bar-loss'}
              />
              <text
                x={gain ? Math.max(zero, end) + 6 : Math.min(zero, end) - 6}
                y={y + ROW / 2}
                dy="0.32em"
                textAnchor={gain ? 'start' : 'end'}
                className="tax-year-chart-label tax-year-chart-figure"
              >
                {formatMoney(row.gain)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="tax-year-sr-only">
        <caption>Gain by asset, {year}</caption>
        <thead>
          <tr>
            <th scope="col">Asset</th>
            <th scope="col">Proceeds</th>
            <th scope="col">Gain</th>
          </tr>
        </thead>
        <tbody>
          {assets.map((a) => (
            <tr key={a.asset}>
              <th scope="row">{a.asset}</th>
              <td className="number">{formatMoney(a.proceeds)}</td>
              <td className="number">{formatMoney(a.gain)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
