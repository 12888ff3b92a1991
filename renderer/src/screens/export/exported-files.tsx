// What an export wrote: each file's path and rows, and for files that report gains their
// proceeds, cost basis and gain, which match the Tax year summary to the cent.
import { useId } from 'react';
import type { ExportedFileView, ExportFormatView } from '../../../../shared/api.ts';
import { formatCount, formatMoney } from '../../format.ts';

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
                <th scope="col" className="number">
                  Rows
                </th>
                <th scope="col" className="number">
                  Proceeds
                </th>
                <th scope="col" className="number">
                  Cost basis
                </th>
                <th scope="col" className="number">
                  Gain
                </th>
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
                  <td className="number">{file.proceeds === null ? '—' : formatMoney(file.proceeds)}</td>
                  <td className="number">{file.costBasis === null ? '—' : formatMoney(file.costBasis)}</td>
                  <td className="number">{file.gain === null ? '—' : formatMoney(file.gain)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
