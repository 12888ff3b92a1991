// The year in pictures (reports.charts): realized gain by month, gain by asset, and
// holdings over time, each readable without sight through its description and table.
import type { TaxChartsView } from '../../../../shared/api.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { GainByAssetChart } from './gain-by-asset-chart.tsx';
import { GainByMonthChart } from './gain-by-month-chart.tsx';
import { HoldingsChart } from './holdings-chart.tsx';
import type { Loaded } from './use-call.ts';

export function ChartsSection({ year, charts, onRetry }: { year: number; charts: Loaded<TaxChartsView>; onRetry: () => void }) {
  return (
    <section className="tax-year-section" aria-busy={charts.state === 'loading' || (charts.state === 'ready' && charts.refreshing)}>
      <h3>Charts</h3>
      {charts.state === 'loading' && <LoadingState what="the charts" />}
      {charts.state === 'error' && <ErrorState what="Lotwise could not draw this year’s charts." message={charts.message} onRetry={onRetry} />}
      {charts.state === 'ready' && (
        <div className="tax-year-charts">
          <h4>Realized gain by month</h4>
          <GainByMonthChart year={year} months={charts.value.gainByMonth} />
          <h4>Gain by asset</h4>
          <GainByAssetChart year={year} assets={charts.value.gainByAsset} />
          <h4>Holdings over time</h4>
          <HoldingsChart year={year} holdings={charts.value.holdings} />
        </div>
      )}
    </section>
  );
}
