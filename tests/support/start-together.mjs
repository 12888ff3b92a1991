// Preloaded into a CLI process by the tests (node --import): holds the command back until
// the test says go, so that several processes start their work at the same moment. It
// writes "ready" to file descriptor 3 once loaded, then waits for a line on stdin.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

const input = createInterface({ input: process.stdin });
writeSync(3, 'ready\n');
await new Promise((resolve) => input.once('line', resolve));
input.close();
