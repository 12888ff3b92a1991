// Schedule D (Form 1040) figures from Form 8949: for each box, the totals of its line 2
// (proceeds, cost basis, adjustments, gain) and the Schedule D line they go on; then the
// short-term and long-term totals. Every figure is added up from the Form 8949 rows as
// written (rounded per row), so it matches the Form 8949 export and `lotwise summary`.
//
// Schedule D lines, from the form's own text:
// - tax years through 2024: line 3 "Form(s) 8949 with Box C checked", line 10 "with Box F
//   checked" (digital assets had no boxes of their own; lines 1b/2 and 8b/9 take A/B, D/E);
// - tax year 2025 on: line 1b "Box A or Box G", line 2 "Box B or Box H", line 3 "Box C or
//   Box I", line 8b "Box D or Box J", line 9 "Box E or Box K", line 10 "Box F or Box L".
// So each box has one line whatever the year. (Sales in box G or J with no adjustments may
// instead go straight on line 1a or 8a without Form 8949; Lotwise lists every sale.)
// Lines 7 and 15 add items Lotwise does not know (carryovers, K-1s), so the totals here are
// the Form 8949 part of them.
import { csvText } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';
import { form8949BoxTotals } from './form-8949.ts';
import { BOX_MEANING, isShortTermBox, type Form8949Box } from './form-8949-box.ts';
import { centsText } from './line-cents.ts';

const SCHEDULE_D_LINE: Readonly<Record<Form8949Box, string>> = {
  C: '3',
  F: '10',
  G: '1b',
  H: '2',
  I: '3',
  J: '8b',
  K: '9',
  L: '10',
};

export const SCHEDULE_D_HEADER = [
  'Part',
  'Schedule D line',
  'Form 8949 box',
  '(d) Proceeds',
  '(e) Cost or other basis',
  '(g) Adjustments',
  '(h) Gain or (loss)',
  'Form 8949 rows',
  'Description',
] as const;

export const scheduleD: ExportFormat = {
  id: 'schedule-d',
  title: 'Schedule D lines (CSV)',
  software: 'Schedule D (Form 1040): the totals of each Form 8949 box and the line they go on',
  write(input) {
    const rows: string[][] = [];
    const terms = { short: { proceeds: 0n, costBasis: 0n, gain: 0n, rows: 0 }, long: { proceeds: 0n, costBasis: 0n, gain: 0n, rows: 0 } };
    for (const group of form8949BoxTotals(input)) {
      const short = isShortTermBox(group.box);
      const term = short ? terms.short : terms.long;
      term.proceeds += group.proceeds;
      term.costBasis += group.costBasis;
      term.gain += group.gain;
      term.rows += group.disposals.length;
      rows.push([
        short ? 'I' : 'II',
        SCHEDULE_D_LINE[group.box],
        group.box,
        centsText(group.proceeds),
        centsText(group.costBasis),
        '0.00',
        centsText(group.gain),
        String(group.disposals.length),
        BOX_MEANING[group.box],
      ]);
    }
    const total = (part: string, term: typeof terms.short, description: string): string[] => [
      part,
      '',
      '',
      centsText(term.proceeds),
      centsText(term.costBasis),
      '0.00',
      centsText(term.gain),
      String(term.rows),
      description,
    ];
    rows.push(total('I', terms.short, 'Short-term total from Form 8949'));
    rows.push(total('II', terms.long, 'Long-term total from Form 8949'));
    return [{ name: `schedule-d-${input.taxYear}.csv`, text: csvText(SCHEDULE_D_HEADER, rows) }];
  },
};
