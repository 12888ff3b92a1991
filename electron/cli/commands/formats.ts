// `lotwise formats`: the CSV formats Lotwise reads.
import { CSV_FORMATS } from '../../core/importers/registry.ts';
import { parseCommandArgs, type Command } from '../command.ts';

export const formatsCommand: Command = {
  help: `Usage: lotwise formats

Lists the CSV formats \`lotwise import --format\` accepts, and where each file comes from.`,

  async run(args) {
    parseCommandArgs(args, {}, 0);
    const width = Math.max(...CSV_FORMATS.map((f) => f.id.length));
    for (const format of CSV_FORMATS) {
      console.log(`${format.id.padEnd(width)}  ${format.title}: ${format.origin}`);
    }
    return 0;
  },
};
