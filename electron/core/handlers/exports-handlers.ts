// The exports.* calls: the files Lotwise writes, and writing a tax year's files into a
// folder the user chose in main's dialog, each with its row count and totals.
import type { CoreCallName } from '../../../shared/api.ts';
import { EXPORT_FORMATS, isExportFormatId } from '../../../shared/formats/registry.ts';
import { writeExports } from '../exports/export-files.ts';
import type { DomainHandlers } from './context.ts';

type ExportsCall = Extract<CoreCallName, `exports.${string}`>;

export const exportsHandlers: DomainHandlers<ExportsCall> = {
  async 'exports.formats'() {
    return EXPORT_FORMATS.map((format) => ({ id: format.id, label: format.title, software: format.software }));
  },

  async 'exports.write'({ year, formats, folder, method, basis }, { db }) {
    const ids = formats.filter(isExportFormatId);
    const { files } = writeExports(db, { year, method, pool: basis, formats: ids, folder });
    return {
      files: files.map((file) => ({ format: file.format, path: file.path, rows: file.rows, proceeds: file.proceeds, costBasis: file.costBasis, gain: file.gain })),
    };
  },
};
