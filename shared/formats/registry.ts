// Every file Lotwise exports. Adding a format is one module in this folder and one line
// here; `lotwise export --list` and the app list them in this order.
import type { ExportFormat, ExportFormatId } from './export-format.ts';
import { auditTrail } from './audit-trail.ts';
import { coinledgerExport } from './coinledger-export.ts';
import { cointrackerExport } from './cointracker-export.ts';
import { form8949 } from './form-8949.ts';
import { holdingsReport } from './holdings-report.ts';
import { incomeReport } from './income-report.ts';
import { koinlyUniversalExport } from './koinly-universal-export.ts';
import { scheduleD } from './schedule-d.ts';
import { taxact } from './taxact.ts';
import { turbotaxGains } from './turbotax-gains.ts';
import { turbotaxUniversal } from './turbotax-universal.ts';

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  // Tax forms and tax software.
  form8949,
  scheduleD,
  turbotaxGains,
  turbotaxUniversal,
  taxact,
  // Reports for the taxpayer and a preparer.
  incomeReport,
  holdingsReport,
  auditTrail,
  // Files for other crypto tax tools (migration formats): the whole history, one file per account.
  koinlyUniversalExport,
  cointrackerExport,
  coinledgerExport,
];

export function isExportFormatId(value: string): value is ExportFormatId {
  return EXPORT_FORMATS.some((format) => format.id === value);
}

export function exportFormatById(id: ExportFormatId): ExportFormat {
  const format = EXPORT_FORMATS.find((f) => f.id === id);
  if (!format) throw new Error(`The ${id} export is not available in this build.`);
  return format;
}
