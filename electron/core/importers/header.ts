// Header matching shared by the formats: case-insensitive, ignoring surrounding spaces.
import type { ColumnNames } from './csv-format.ts';

/** True when every one of `required` is among the header's cells. */
export function hasColumns(header: readonly string[], required: readonly string[]): boolean {
  const present = new Set(header.map((h) => h.trim().toLowerCase()));
  return required.every((name) => present.has(name.toLowerCase()));
}

/** The first of `names` the header has, as the header spells it; null if none. */
export function pickColumn(header: readonly string[], names: readonly string[]): string | null {
  for (const name of names) {
    const found = header.find((h) => h.trim().toLowerCase() === name.toLowerCase());
    if (found !== undefined) return found;
  }
  return null;
}

/** The columns of `columns` the header lacks (a column with other names is present under any of them). */
export function missingColumns(header: readonly string[], columns: readonly ColumnNames[]): ColumnNames[] {
  const present = new Set(header.map((h) => h.trim().toLowerCase()));
  return columns.filter((column) => !namesOf(column).some((name) => present.has(name.toLowerCase())));
}

/** True when a header cell is the column, under any of its names. */
export function isColumn(cell: string, column: ColumnNames): boolean {
  const name = cell.trim().toLowerCase();
  return namesOf(column).some((candidate) => candidate.toLowerCase() === name);
}

/** A column as the user should write it: its name, and any other name it goes by. */
export function columnLabel(column: ColumnNames): string {
  const [name, ...others] = namesOf(column);
  return others.length === 0 ? `"${name}"` : `"${name}" (or ${others.map((o) => `"${o}"`).join(' or ')})`;
}

function namesOf(column: ColumnNames): readonly string[] {
  return typeof column === 'string' ? [column] : column;
}
