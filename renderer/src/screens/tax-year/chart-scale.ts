// Chart geometry. Amounts stay decimal strings everywhere else; here, and only here, they
// become JS numbers, because a pixel position needs one. Axis ticks are chosen as Decimal
// and printed from their exact text, so no figure on screen comes from a float.
import { Decimal, toDecimalText, ZERO } from '../../../../shared/money.ts';

/** A decimal string as a plotting coordinate; never shown. */
export function plotNumber(value: Decimal | string): number {
  const number = typeof value === 'string' ? Number(value) : value.toNumber();
  return Number.isFinite(number) ? number : 0;
}

/** The smallest of 1, 2, 2.5, 5 × a power of ten that is at least `value` (> 0). */
export function niceCeiling(value: Decimal): Decimal {
  if (value.lte(0)) return ZERO;
  const magnitude = new Decimal(10).pow(value.e);
  for (const step of ['1', '2', '2.5', '5', '10']) {
    const candidate = magnitude.times(step);
    if (candidate.gte(value)) return candidate;
  }
  return magnitude.times(10);
}

export interface Axis {
  top: Decimal;
  bottom: Decimal;
  /** Ticks from top to bottom, zero included, as exact decimal text. */
  ticks: string[];
}

/** An axis from `low` (≤ 0) to `high` (≥ 0) with nice ends and a tick at zero and halves. */
export function axisFor(low: Decimal, high: Decimal): Axis {
  const top = niceCeiling(high);
  const bottom = niceCeiling(low.negated()).negated();
  const above = top.isZero() ? [] : [top, top.div(2)];
  const below = bottom.isZero() ? [] : [bottom.div(2), bottom];
  const ticks = [...above, ZERO, ...below].map((tick) => toDecimalText(tick));
  return { top, bottom, ticks };
}

/** Maps a value between axis.bottom and axis.top to a y pixel between `bottomPx` and `topPx`. */
export function yScale(axis: Axis, topPx: number, bottomPx: number): (value: Decimal | string) => number {
  const top = plotNumber(axis.top);
  const bottom = plotNumber(axis.bottom);
  const span = top - bottom || 1;
  return (value) => topPx + ((top - plotNumber(value)) / span) * (bottomPx - topPx);
}

/** Maps a value between axis.bottom and axis.top to an x pixel between `leftPx` and `rightPx`. */
export function xScale(axis: Axis, leftPx: number, rightPx: number): (value: Decimal | string) => number {
  const top = plotNumber(axis.top);
  const bottom = plotNumber(axis.bottom);
  const span = top - bottom || 1;
  return (value) => leftPx + ((plotNumber(value) - bottom) / span) * (rightPx - leftPx);
}

export function maxOf(values: Decimal[]): Decimal {
  return values.reduce((max, value) => (value.gt(max) ? value : max), ZERO);
}

export function minOf(values: Decimal[]): Decimal {
  return values.reduce((min, value) => (value.lt(min) ? value : min), ZERO);
}

/**
 * The ticks far enough apart on screen to be read: zero always, then each other tick only
 * when it is at least `gap` pixels from every tick kept (a tiny loss range under a large
 * gain would otherwise print "-$10" over "$0").
 */
export function readableTicks(ticks: string[], position: (tick: string) => number, gap = 14): string[] {
  const kept: string[] = ticks.filter((tick) => tick === '0');
  for (const tick of ticks) {
    if (tick === '0') continue;
    if (kept.every((other) => Math.abs(position(other) - position(tick)) >= gap)) kept.push(tick);
  }
  return kept;
}
