// `lotwise`: the command line over core. Each command lives in its own module, loaded only
// when it runs, so `lotwise --help` and the ledger commands never load ccxt.
import type { Command } from './command.ts';
import { LEDGER_BUSY, UsageError } from './command.ts';
import { isBusy, LedgerTooNewError, NotALedgerError } from '../core/db/open-ledger.ts';

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, CommandEntry> = {
  import: { summary: 'Import a CSV export into an account', load: async () => (await import('./commands/import.ts')).importCommand },
  status: { summary: 'Accounts, transaction counts and import batches', load: async () => (await import('./commands/status.ts')).statusCommand },
  undo: { summary: 'Undo an import batch', load: async () => (await import('./commands/undo.ts')).undoCommand },
  demo: { summary: 'Load the demo history into a ledger', load: async () => (await import('./commands/demo.ts')).demoCommand },
  formats: { summary: 'List the CSV formats Lotwise reads', load: async () => (await import('./commands/formats.ts')).formatsCommand },
  summary: { summary: "A tax year's gains, income and warnings", load: async () => (await import('./commands/summary.ts')).summaryCommand },
  disposals: { summary: 'Every lot a tax year\'s disposals used', load: async () => (await import('./commands/disposals.ts')).disposalsCommand },
  method: { summary: 'Show or save the lot method of a tax year', load: async () => (await import('./commands/method.ts')).methodCommand },
  pick: { summary: 'Pick the lots a disposal uses (specific ID)', load: async () => (await import('./commands/pick.ts')).pickCommand },
  export: { summary: 'Write the files tax software and other tools import', load: async () => (await import('./commands/export.ts')).exportCommand },
  account: { summary: 'List, add (with an API key) or remove accounts; account settings', load: async () => (await import('./commands/account.ts')).accountCommand },
  sync: { summary: 'Pull new history from exchange accounts', load: async () => (await import('./commands/sync.ts')).syncCommand },
  prices: { summary: 'Find values for transactions without one; set and report prices', load: async () => (await import('./commands/prices.ts')).pricesCommand },
  link: { summary: 'Link a withdrawal and a deposit as one transfer', load: async () => (await import('./commands/link.ts')).linkCommand },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return [
    'Lotwise: your crypto history, lots and tax files, on your own machine.',
    '',
    'Usage: lotwise <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command takes --db PATH (default: the desktop app\'s ledger, or $LOTWISE_DB).',
    'Run `lotwise <command> --help` for a command\'s options.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // `lotwise help import` is `lotwise import --help`.
  if (name === 'help' && rest[0] !== undefined) return main([rest[0], '--help']);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { createRequire } = await import('node:module');
    console.log((createRequire(import.meta.url)('../../package.json') as { version: string }).version);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    console.error(`lotwise: "${name}" is not a command. Run \`lotwise --help\` to see them.`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`lotwise ${name}: ${error.message}\nRun \`lotwise ${name} --help\` for usage.`);
      return 2;
    }
    if (error instanceof LedgerTooNewError || error instanceof NotALedgerError) {
      console.error(`lotwise ${name}: ${error.message}`);
      return 1;
    }
    if (isBusy(error)) {
      console.error(`lotwise ${name}: ${LEDGER_BUSY}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
