// A process that opens a ledger when told to, so that a test can have several processes
// open one file at the same moment: it prints "ready", waits for a line on stdin, opens
// the ledger at argv[2] and prints what it found as JSON ({ version } or { error }).
import { createInterface } from 'node:readline';
import { openLedger } from '../../electron/core/db/open-ledger.ts';

const path = process.argv[2]!;
const input = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await new Promise((resolve) => input.once('line', resolve));
input.close();
try {
  const db = await openLedger(path);
  process.stdout.write(`${JSON.stringify({ version: db.pragma('user_version', { simple: true }) })}\n`);
  db.close();
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
}
