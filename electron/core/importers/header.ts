// Header matching shared by the formats: case-insensitive, ignoring surrounding spaces.

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
