// What an export wrote: each file's path and rows, and for files that report gains their
// proceeds, cost basis and gain, which match the Tax year summary to the cent.
import { useId } from 'react';
import type { ExportedFileView, ExportFormatView } from '../../../../shared/api.ts';
import { formatCount } from '../../format.ts';
import { MoneyCells, MoneyHeaders, NumberHeader } from '../../ui/money-columns.tsx';

export function ExportedFiles({ year, files, formats }: { year: number; files: ExportedFileView[]; formats: ExportFormatView[] }) {
  const headingId = useId();
  return (
    <section className="export-files" aria-labelledby={headingId}>
      <h3 id={headingId}>Files written</h3>
      {files.length === 0 ? (
        <p className="muted">The export finished without writing a file: the formats chosen have nothing to report for {year}.</p>
      ) : (
        <div className="export-table-frame">
          <table className="export-table">
            <caption>Files written for {year}</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Format</th>
                <NumberHeader>Rows</NumberHeader>
                <MoneyHeaders />
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.path}>
                  <th scope="row" className="export-path">
                    {file.path}
                  </th>
                  <td>{formats.find((format) => format.id === file.format)?.label ?? file.format}</td>
                  <td className="number">{formatCount(file.rows)}</td>
                  <MoneyCells figures={file} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
