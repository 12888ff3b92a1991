// The options every tax command shares: --year, --method, --basis, --tz.
import { isLotMethod, isPoolMode, isTimeZone } from '../core/reports/tax-choices.ts';
import type { TaxReportRequest } from '../core/reports/tax-report.ts';
import { UsageError } from './command.ts';

export const TAX_OPTIONS = {
  year: { type: 'string' },
  method: { type: 'string' },
  basis: { type: 'string' },
  tz: { type: 'string' },
} as const;

export const TAX_OPTIONS_HELP = `  --year YYYY      the tax year (required)
  --method M       fifo (default), lifo, hifo or lofo: the lot method for the tax year and
                   for earlier years without a saved method (see \`lotwise method\`)
  --basis B        auto (default), universal or per-wallet. auto: one pool per asset
                   through 2024, one pool per wallet from 1 January 2025 (Rev. Proc. 2024-28)
  --tz ZONE        the taxpayer's IANA time zone for dates and the tax year
                   (default: the saved one, else this computer's zone)`;

export function taxRequest(values: { year?: string; method?: string; basis?: string; tz?: string }): TaxReportRequest {
  if (values.year === undefined) throw new UsageError('--year YYYY is required.');
  if (!/^\d{4}$/.test(values.year)) throw new UsageError(`--year must be a year like 2024, not "${values.year}".`);
  const request: TaxReportRequest = { year: Number(values.year) };
  if (values.method !== undefined) {
    const method = values.method.toLowerCase();
    if (!isLotMethod(method)) throw new UsageError(`--method must be fifo, lifo, hifo or lofo, not "${values.method}".`);
    request.method = method;
  }
  if (values.basis !== undefined) {
    if (!isPoolMode(values.basis)) throw new UsageError(`--basis must be universal, per-wallet or auto, not "${values.basis}".`);
    request.pool = values.basis;
  }
  if (values.tz !== undefined) {
    if (!isTimeZone(values.tz)) throw new UsageError(`--tz must be an IANA time zone such as America/New_York, not "${values.tz}".`);
    request.timeZone = values.tz;
  }
  return request;
}
