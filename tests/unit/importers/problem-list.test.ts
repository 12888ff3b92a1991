import { describe, expect, it } from 'vitest';
import type { FileProblem } from '../../../electron/core/importers/parse-file.ts';
import { ProblemList } from '../../../electron/core/importers/problem-list.ts';

const problem = (line: number, message = `line ${line}`): FileProblem => ({ file: 'a.csv', line, column: null, columnNumber: null, value: null, message });

describe('ProblemList', () => {
  it('lists the earliest lines in line order, a line’s problems in the order found, and counts them all', () => {
    const list = new ProblemList(3);
    for (const line of [9, 8, 7, 6, 5, 4, 3]) list.add(problem(line));
    list.add(problem(2, 'first at 2'));
    list.add(problem(12));
    list.add(problem(2, 'second at 2'));
    expect(list.count).toBe(10);
    expect(list.listed().map((p) => p.message)).toEqual(['first at 2', 'second at 2', 'line 3']);
  });
});
