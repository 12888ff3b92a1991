// Finding a file's format by its header line, and, when no line is a header Lotwise
// knows, saying why in the user's terms: the format the file looks like and the columns
// its header lacks, rather than only that the format was not recognised.
import type { ColumnNames, CsvFormat, FormatId } from './csv-format.ts';
import { columnLabel, isColumn, missingColumns } from './header.ts';

export interface HeaderProblem {
  line: number;
  message: string;
}

/** A line that came close to being a format's header. */
interface NearMiss {
  format: CsvFormat;
  line: number;
  missing: ColumnNames[];
  /** Share of the required columns present, then how many of all its columns are. */
  requiredShare: number;
  known: number;
}

/**
 * Looks at the lines of a file one by one until one is a header. `formatId` 'auto'
 * tries every format; a format id tries that one only.
 */
export class HeaderSearch {
  private readonly candidates: readonly CsvFormat[];
  private readonly forced: boolean;
  private first: { line: number; cells: readonly string[] } | null = null;
  private closest: NearMiss | null = null;
  /** The first line that is a format's header with another separator than commas. */
  private separated: SeparatedHeader | null = null;
  /** The first line that has exactly a format's columns, in another order than it takes them. */
  private reordered: { line: number; format: CsvFormat } | null = null;

  constructor(candidates: readonly CsvFormat[], formatId: FormatId | 'auto') {
    this.candidates = candidates;
    this.forced = formatId !== 'auto';
  }

  /** The format whose header these cells (trimmed) are, or null. */
  match(line: number, cells: readonly string[]): CsvFormat | null {
    this.first ??= { line, cells };
    const found = this.candidates.find((format) => format.matchesHeader(cells));
    if (found) return found;
    for (const format of this.candidates) this.consider(format, line, cells);
    this.separated ??= this.separatedHeader(line, cells);
    if (this.reordered === null) {
      const format = this.candidates.find((candidate) => hasColumnsReordered(cells, candidate));
      if (format) this.reordered = { line, format };
    }
    return null;
  }

  /**
   * The line read with commas is one cell; split at semicolons or tabs instead, it is a
   * format's header: a spreadsheet wrote the file with another separator.
   */
  private separatedHeader(line: number, cells: readonly string[]): SeparatedHeader | null {
    if (cells.length !== 1) return null;
    for (const separator of OTHER_SEPARATORS) {
      if (!cells[0]!.includes(separator.character)) continue;
      // Quoted names come out of a comma reading with their quotes: "Date";"Sent Amount".
      const names = cells[0]!.split(separator.character).map((name) => name.trim().replace(/^"|"$/g, '').trim());
      const format = this.candidates.find((candidate) => candidate.matchesHeader(names));
      if (format) return { line, format, separator };
    }
    return null;
  }

  /** Why no line read so far is a header. */
  problem(): HeaderProblem {
    if (this.first === null) return { line: 1, message: 'the file has no rows: it is empty, or holds only blank lines' };
    if (this.separated !== null) {
      const { line, format, separator } = this.separated;
      return {
        line,
        message:
          `this is the ${format.title} header with its cells separated by ${separator.name} instead of commas, ${separator.writer}. ` +
          'Numbers in such a file may follow regional settings, with a dot between thousands and a comma before decimals: ' +
          '"1.500" may be fifteen hundred or one and a half, which Lotwise cannot tell apart. Export the file again as ' +
          'comma-separated CSV, or in your spreadsheet save it as "CSV UTF-8 (Comma delimited)" with a dot as the decimal separator.',
      };
    }
    if (this.reordered !== null) {
      const { line, format } = this.reordered;
      const order = format.columnOrder!.map((column) => (typeof column === 'string' ? column : column[0]!)).join(', ');
      return {
        line,
        message:
          `this line has the columns of the ${format.title}, but in another order, and the template needs them in this order: ${order}. ` +
          'Put the columns in this order, or export the file again.',
      };
    }
    const closest = this.closest;
    if (closest !== null) {
      const { format, line, missing } = closest;
      const columns = `${listOf(missing.map(columnLabel))} ${missing.length === 1 ? 'column' : 'columns'}`;
      const addThem = `Add ${missing.length === 1 ? 'it' : 'them'} to the header`;
      if (this.forced) return { line, message: `this line is not a complete ${format.title} header: it has no ${columns}. ${addThem}, or choose the file's own format.` };
      return { line, message: `this line looks like the ${format.title} header, but it has no ${columns}. ${addThem}, or export the file again.` };
    }
    const seen = this.first.cells.slice(0, 8).join(',');
    if (this.forced) {
      const format = this.candidates[0]!;
      return { line: this.first.line, message: `no ${format.title} header found (the first line reads "${seen}"); expected the columns ${format.describeHeader}` };
    }
    return {
      line: this.first.line,
      message:
        `the file's format was not recognised: it has no header of a supported format (its first line reads "${seen}"). ` +
        `Supported: ${this.candidates.map((f) => f.title).join(', ')}. ` +
        'Export with one of these, or use the Lotwise template (docs/lotwise-template.md).',
    };
  }

  /**
   * Keeps the line as the closest miss when it is closer than any before. Unasked, a
   * format is only named when the line has most of its required columns; asked for, the
   * line with the most of them is the one to point at.
   */
  private consider(format: CsvFormat, line: number, cells: readonly string[]): void {
    if (format.columns === undefined) return;
    const { required, optional } = format.columns;
    const missing = missingColumns(cells, required);
    // Every required column is there and still no match: the format's other rules (a
    // version's price columns) decide, and its describeHeader says more than a list could.
    if (missing.length === 0) return;
    const present = required.length - missing.length;
    if (!this.forced && present * 2 <= required.length) return;
    const miss: NearMiss = {
      format,
      line,
      missing,
      requiredShare: present / required.length,
      known: present + optional.length - missingColumns(cells, optional).length,
    };
    const best = this.closest;
    if (best === null || miss.requiredShare > best.requiredShare || (miss.requiredShare === best.requiredShare && miss.known > best.known)) {
      this.closest = miss;
    }
  }
}

/** Separators spreadsheets write in place of commas; none of the formats Lotwise reads uses them. */
const OTHER_SEPARATORS = [
  { character: ';', name: 'semicolons (;)', writer: 'as a spreadsheet saves CSV where a comma is the decimal separator' },
  { character: '\t', name: 'tabs', writer: 'as a spreadsheet saves "Text (Tab delimited)"' },
] as const;

interface SeparatedHeader {
  line: number;
  format: CsvFormat;
  separator: (typeof OTHER_SEPARATORS)[number];
}

/**
 * True when the header (spreadsheet padding after its last name aside) has each of the
 * format's ordered columns once and nothing else, in another order.
 */
function hasColumnsReordered(header: readonly string[], format: CsvFormat): boolean {
  const order = format.columnOrder;
  if (order === undefined) return false;
  let length = header.length;
  while (length > 0 && header[length - 1] === '') length -= 1;
  if (length !== order.length) return false;
  const names = header.slice(0, length);
  return order.every((column) => names.filter((name) => isColumn(name, column)).length === 1);
}

function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}
