// The problems of one file as a report lists them: in line order, however they were
// found (a format that joins rows into trades finds some only at the end of the file),
// and at most a fixed number of them, the first lines of the file first.
import type { FileProblem } from './parse-file.ts';

export class ProblemList {
  /** How many problems there were in all, listed or not. */
  count = 0;
  private readonly limit: number;
  private problems: FileProblem[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  add(problem: FileProblem): void {
    this.count += 1;
    this.problems.push(problem);
    // Trimmed now and then rather than on every problem: a file can have a million.
    if (this.problems.length >= 2 * this.limit) this.trim();
  }

  /** The problems of the earliest lines, in line order (a line's problems in the order found). */
  listed(): FileProblem[] {
    this.trim();
    return [...this.problems];
  }

  private trim(): void {
    this.problems.sort((a, b) => a.line - b.line);
    this.problems.length = Math.min(this.problems.length, this.limit);
  }
}
